namespace LayerCache.Agent.Commands;

/// <summary>The one-shot commands' logger: warnings and errors as lines on the command's error output, the rest dropped.</summary>
internal sealed class CommandWarnings(TextWriter error) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            error.WriteLine($"layercache-agent: {logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
        }
    }
}
