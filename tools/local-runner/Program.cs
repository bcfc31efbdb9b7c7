using System.CommandLine;
using System.Runtime.InteropServices;
using TokenPln.LocalRunner;
using TokenPln.LocalRunner.Template;

var file = new Option<string?>("--file", "-f") { Description = "The multi-app run template (default: the nearest dapr.yaml at or above the current directory)" };
var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration", DefaultValueFactory = _ => "Debug" };
var noBuild = new Option<bool>("--no-build") { Description = "Start the apps from their existing build output" };
var randomPorts = new Option<bool>("--random-ports") { Description = "Pick free ports instead of those in the template (for tests)" };
var controlPort = new Option<int?>("--control-port") { Description = "Serve the control API on this loopback port (0 picks one)" };
var env = new Option<string[]>("--env") { Description = "KEY=VALUE given to every app, after the template's env", AllowMultipleArgumentsPerToken = false };
var apps = new Option<string[]>("--app") { Description = "Start only this app of the template (repeatable); default all" };
var replicas = new Option<string[]>("--replicas")
{
    Description = "Start <app-id>=<n> instances of an app, each with its own ports, sidecar and Instance__Id=<app-id>-<n> (repeatable); default 1",
    AllowMultipleArgumentsPerToken = false,
};
var startTimeout = new Option<int>("--start-timeout") { Description = "Seconds an app may take to listen before the runner warns (it keeps waiting while the app runs)", DefaultValueFactory = _ => 60 };

var inProcessPubSub = new Option<bool>("--in-process-pubsub")
{
    Description = "Serve pubsub.redis in the runner's memory even when its Redis answers (runs isolated from each other, as the tests need)",
};

var root = new RootCommand("Runs dapr.yaml without Dapr: every app as its own process beside a stand-in sidecar.")
{
    file, configuration, noBuild, randomPorts, controlPort, env, apps, startTimeout, inProcessPubSub, replicas,
};

root.SetAction(async (parse, _) =>
{
    var extraEnv = new Dictionary<string, string>();
    foreach (var pair in parse.GetValue(env) ?? [])
    {
        var separator = pair.IndexOf('=');
        if (separator <= 0)
        {
            Console.Error.WriteLine($"--env expects KEY=VALUE, got '{pair}'");
            return 2;
        }

        extraEnv[pair[..separator]] = pair[(separator + 1)..];
    }

    IReadOnlyDictionary<string, int> replicaCounts;
    try
    {
        replicaCounts = ReplicaArguments.Parse(parse.GetValue(replicas) ?? []);
    }
    catch (RunnerConfigurationException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }

    var options = new RunnerOptions(parse.GetValue(file) ?? RunTemplate.FindNearest(Environment.CurrentDirectory), parse.GetValue(configuration)!, !parse.GetValue(noBuild),
        parse.GetValue(randomPorts), parse.GetValue(controlPort), extraEnv, parse.GetValue(apps) ?? [], TimeSpan.FromSeconds(parse.GetValue(startTimeout)),
        parse.GetValue(inProcessPubSub), replicaCounts);

    using var shutdown = new CancellationTokenSource();
    await using var runner = new Runner(options);
    var signals = 0;
    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref signals) == 1)
        {
            runner.BeginStopping();
            shutdown.Cancel();
            return;
        }

        // Second Ctrl+C: nothing graceful any more, and nothing left behind.
        runner.KillAll();
        Environment.Exit(130);
    }

    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    try
    {
        return await runner.RunAsync(shutdown.Token);
    }
    catch (RunnerConfigurationException ex)
    {
        Console.Error.WriteLine($"[runner] ERROR {ex.Message}");
        return 1;
    }
    catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
    {
        return 130;
    }
});

// The runner handles SIGINT/SIGTERM itself: stop the children gracefully first, kill them on a second signal.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
