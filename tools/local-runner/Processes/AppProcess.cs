using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TokenPln.LocalRunner.Processes;

/// <summary>One app as a child process, with its output prefixed and its exit reported, never restarted on its own.</summary>
internal sealed partial class AppProcess(string appId, ProcessStartInfo startInfo, ConsoleOutput output)
{
    private const int SigTerm = 15;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

    public event Action<int>? Exited;

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Completes with the exit code once the app has exited, its output is drained and its exit reported.</summary>
    public Task<int> Completion => _exited.Task;

    public void Start()
    {
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Line(appId, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Line(appId, e.Data); };
        process.Exited += (_, _) =>
        {
            // Let the output readers drain before reporting the exit.
            process.WaitForExit();
            try
            {
                Exited?.Invoke(process.ExitCode);
            }
            finally
            {
                _exited.TrySetResult(process.ExitCode);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>
    /// Asks the app to stop (SIGTERM, so ASP.NET Core shuts down cleanly) and waits for it; SIGKILL of the whole tree
    /// only after <paramref name="grace"/>. Asking an app that is already stopping on its own signal (systemd and
    /// container runtimes signal the whole process group) is harmless: the apps treat every stop signal as a request.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { } process) return;
        // One that has exited already is still waited for: its last lines may still be on their way through the pipe.
        if (!process.HasExited && (OperatingSystem.IsWindows() || kill(process.Id, SigTerm) != 0))
        {
            process.Kill(entireProcessTree: true);
        }

        try
        {
            await Completion.WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            output.Line("runner", $"{appId} did not stop within {grace.TotalSeconds:0}s; killing it");
            Kill();
            await Completion;
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
