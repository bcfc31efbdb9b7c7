namespace TokenPln.LocalRunner.Processes;

/// <summary>Routes the runner's own log messages through the prefixed console output.</summary>
internal sealed class RunnerLoggerProvider(ConsoleOutput output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RunnerLogger(output);

    public void Dispose()
    {
    }

    private sealed class RunnerLogger(ConsoleOutput output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var level = logLevel switch
            {
                LogLevel.Warning => "WARN ",
                LogLevel.Error or LogLevel.Critical => "ERROR ",
                _ => "",
            };
            output.Line("runner", level + formatter(state, exception) + (exception is null ? "" : $" ({exception.Message})"));
        }
    }
}
