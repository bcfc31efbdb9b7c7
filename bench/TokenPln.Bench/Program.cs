using TokenPln.Bench;

// bench/run.sh builds everything in Release and calls this with "run"; the runner starts it as "echo-server".
if (args.Contains("echo-server"))
{
    await EchoServer.RunAsync(args);
    return 0;
}

var quick = args.Contains("--quick");
var results = await Benchmarks.RunAllAsync(quick);
var path = Path.Combine(TokenPln.Testing.LocalRunnerStack.RepositoryRoot, "bench", "RESULTS.md");
await File.WriteAllTextAsync(path, results);
Console.WriteLine(results);
Console.WriteLine($"written to {path}");
return 0;
