using System.Diagnostics;

namespace Clamator.Transport;

/// <summary>
/// The cancellation sources that end calls at their deadline, reused from one call to the next: a source, its
/// timer and its registrations are otherwise the largest part of what a call allocates. A source is reused only
/// when it cannot fire for the call it served: on the system clock, handed back more than <see cref="Margin"/>
/// before its deadline (so <see cref="CancellationTokenSource.TryReset"/> stops its timer long before it is due),
/// and only when nothing but the transport saw its token (no interceptors, no caller's token linked to it).
/// </summary>
internal sealed class CallDeadlines(TimeProvider timeProvider)
{
    /// <summary>How long before its deadline a source must come back to be reused.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    private readonly ReusePool<CancellationTokenSource>? _kept = ReferenceEquals(timeProvider, TimeProvider.System) ? new() : null;

    /// <summary>A source cancelled <paramref name="limit"/> from now.</summary>
    public CancellationTokenSource Start(TimeSpan limit)
    {
        if (_kept?.TryTake() is { } kept)
        {
            if (!kept.IsCancellationRequested)
            {
                kept.CancelAfter(limit);
                return kept;
            }

            kept.Dispose();
        }

        return new CancellationTokenSource(limit, timeProvider);
    }

    /// <summary>Ends the source's use: kept for another call when it is safe to, disposed otherwise.</summary>
    /// <param name="source">The source from <see cref="Start"/>.</param>
    /// <param name="limit">The limit it was started with.</param>
    /// <param name="startedAt">The <see cref="Stopwatch.GetTimestamp"/> taken before <see cref="Start"/>.</param>
    /// <param name="seenByTransportOnly">Whether no one but the transport was given its token.</param>
    public void End(CancellationTokenSource source, TimeSpan limit, long startedAt, bool seenByTransportOnly)
    {
        if (_kept is not null && seenByTransportOnly && Stopwatch.GetElapsedTime(startedAt) < limit - Margin && source.TryReset() && _kept.TryKeep(source))
        {
            return;
        }

        source.Dispose();
    }
}
