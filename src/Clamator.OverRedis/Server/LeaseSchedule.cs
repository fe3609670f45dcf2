namespace Clamator.OverRedis;

/// <summary>
/// The periods of the consumer group's lease work (keep-alive, reclaim, prune), derived from the server's options. Other
/// time-driven work keeps its own period beside it: the presence beat (<see cref="PresenceBeat.Period"/>), the settle
/// time of a stopping consumer and the acknowledgement batching delay.
/// </summary>
internal sealed record LeaseSchedule
{
    /// <summary>A trim runs once this many entries were acknowledged since the last one (and on every reclaim pass).</summary>
    public const int TrimAfterAcks = 1000;

    private LeaseSchedule(RedisRpcServerOptions options)
    {
        ClaimIdle = options.ConsumerClaimIdle;

        // Four refreshes per claim time: a held entry never looks idle for as long as the claim time.
        KeepAlive = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, ClaimIdle.Ticks / 4));

        // docs/protocol.md §6.9: every max(1 s, claim time / 4).
        Reclaim = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, ClaimIdle.Ticks / 4));
        PruneIdle = options.ConsumerPruneIdle;
        Prune = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, PruneIdle.Ticks / 4));
    }

    /// <summary>Entries pending longer than this are taken from their consumer.</summary>
    public TimeSpan ClaimIdle { get; }

    /// <summary>How often the idle time of held entries is reset.</summary>
    public TimeSpan KeepAlive { get; }

    /// <summary>How often idle entries are reclaimed and, at the least, the stream trimmed.</summary>
    public TimeSpan Reclaim { get; }

    /// <summary>How often gone consumers are looked for: every max(1 s, prune idle / 4).</summary>
    public TimeSpan Prune { get; }

    /// <summary>Consumers idle longer than this with nothing pending are removed from the group.</summary>
    public TimeSpan PruneIdle { get; }

    public static LeaseSchedule For(RedisRpcServerOptions options) => new(options);
}
