using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Clamator.Testing;

/// <summary>
/// A logger factory and provider that keeps every event logged (all levels, Debug included): its category, level,
/// event id, formatted message and exception, in order.
/// </summary>
public sealed class CapturedLogs : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>One logged event.</summary>
    public sealed record Entry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>The events with id <paramref name="eventId"/>.</summary>
    public IReadOnlyList<Entry> WithId(int eventId) => [.. _entries.Where(e => e.EventId == eventId)];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Ignored: everything is captured here.</summary>
    /// <param name="provider">Not used.</param>
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <summary>Nothing to release; the entries stay readable.</summary>
    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new Entry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
