using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TokenPln.LocalRunner.Processes;

/// <summary>One app as a child process, with its output prefixed and its exit reported, never restarted on its own.</summary>
internal sealed partial class AppProcess(string appId, ProcessStartInfo startInfo, ConsoleOutput output)
{
    private const int SigTerm = 15;
    private Process? _process;

    public event Action<int>? Exited;

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;
    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Line(appId, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Line(appId, e.Data); };
        process.Exited += (_, _) =>
        {
            // Let the output readers drain before reporting the exit.
            process.WaitForExit();
            Exited?.Invoke(process.ExitCode);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGTERM, so ASP.NET Core shuts down cleanly; SIGKILL of the whole tree after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process) return;
        if (OperatingSystem.IsWindows() || kill(process.Id, SigTerm) != 0)
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            output.Line("runner", $"{appId} did not stop within {grace.TotalSeconds:0}s; killing it");
            Kill();
        }
    }

    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
