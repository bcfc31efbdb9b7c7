using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>
/// Makes SIGTERM, SIGINT and SIGQUIT a request to stop for the whole life of the process, not only while the host
/// runs. systemd and container runtimes signal every process of the group at once, and the local runner then asks
/// its apps again; the host's own handler is gone once it is disposed, and a signal arriving in that moment (or
/// before the host started) would otherwise end the process by the default action (exit 143) with its log cut off.
/// </summary>
/// <remarks>Linked into the IAK sandbox as source, so it depends on nothing but the hosting abstractions.</remarks>
public static class ShutdownSignals
{
    private static readonly Lock Gate = new();
    private static List<PosixSignalRegistration>? _registrations;
    private static IHostApplicationLifetime? _started;
    private static bool _requested;

    /// <summary>
    /// Call first thing in <c>Main</c> with the app's own assembly: from here on a stop signal never kills the
    /// process outright. Nothing is installed when <paramref name="app"/> is not the process's entry assembly, as when
    /// a test host runs the app's <c>Main</c> in-process and owns the process's signals itself.
    /// </summary>
    public static void Install(Assembly app)
    {
        if (OperatingSystem.IsWindows() || Assembly.GetEntryAssembly() != app) return;
        lock (Gate)
        {
            _registrations ??= [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
                .Select(signal => PosixSignalRegistration.Create(signal, Handle))];
        }
    }

    /// <summary>
    /// Hands the signals to the built host: a signal that came before it started stops it as soon as it has, and
    /// the end of a clean shutdown is logged, so that an operator can tell a finished stop from a killed process.
    /// </summary>
    public static void Attach(IHostApplicationLifetime lifetime, ILogger logger, string appId)
    {
        lifetime.ApplicationStopped.Register(() => logger.LogInformation("{AppId} shutdown complete", appId));
        // Only a started host may be stopped: stopping one that is still starting makes its start throw.
        lifetime.ApplicationStarted.Register(() =>
        {
            bool requested;
            lock (Gate)
            {
                _started = lifetime;
                requested = _requested;
            }

            if (requested) lifetime.StopApplication();
        });
    }

    private static void Handle(PosixSignalContext context)
    {
        // Never the default action: the host finishes what it is doing and the process exits on its own.
        context.Cancel = true;
        IHostApplicationLifetime? started;
        lock (Gate)
        {
            _requested = true;
            started = _started;
        }

        started?.StopApplication();
    }
}
