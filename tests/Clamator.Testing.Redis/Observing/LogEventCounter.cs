using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Clamator.Tests;

/// <summary>A logger factory whose loggers count the events logged, by event id, and log nothing.</summary>
public sealed class LogEventCounter : ILoggerFactory, ILogger
{
    private readonly ConcurrentDictionary<int, int> _counts = new();

    /// <summary>How many events with id <paramref name="eventId"/> were logged.</summary>
    public int Count(int eventId) => _counts.TryGetValue(eventId, out int n) ? n : 0;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _counts.AddOrUpdate(eventId.Id, 1, static (_, n) => n + 1);
}
