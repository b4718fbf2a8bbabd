using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LayerCache.Testing.Logging;

/// <summary>
/// Keeps every message a service logs at Information or above, with its category and whether it carried an exception
/// (a stack trace in the log), to assert on what an operator reads.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message, bool WithException)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message, bool WithException)> Entries => [.. _entries];

    public int Count(LogLevel level, string containing) =>
        _entries.Count(e => e.Level == level && e.Message.Contains(containing, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string, bool)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue((category, logLevel, formatter(state, exception), exception is not null));
            }
        }
    }
}
