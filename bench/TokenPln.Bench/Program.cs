using TokenPln.Bench;

// bench/run.sh builds everything in Release and calls this with "run"; the runner starts it as "echo-server".
if (args.Contains("echo-server"))
{
    await EchoServer.RunAsync(args);
    return 0;
}

var quick = args.Contains("--quick");
var salesOnly = args.Contains("--sales");
bool[] providers = args.Contains("--sqlite") ? [false] : args.Contains("--postgres") ? [true] : [false, true];
var results = await Benchmarks.RunAllAsync(quick, salesOnly, providers);
if (salesOnly)
{
    Console.WriteLine(results);
    return 0;
}

var path = Path.Combine(TokenPln.Testing.LocalRunnerStack.RepositoryRoot, "bench", "RESULTS.md");
await File.WriteAllTextAsync(path, results);
Console.WriteLine(results);
Console.WriteLine($"written to {path}");
return 0;
