namespace Clamator.OverRedis;

/// <summary>
/// How one service a <see cref="RedisRpcServer"/> serves is doing, from what the server last observed (no I/O):
/// its consumer group's backlog, read every max(1 s, <see cref="RedisRpcServerOptions.ConsumerClaimIdle"/> / 4),
/// and which of its loops are failing.
/// </summary>
public sealed class RedisServiceStatus
{
    internal RedisServiceStatus(string service, long? pending, long? lag, DateTimeOffset? observedAt, IReadOnlyDictionary<string, DateTimeOffset> failingLoops)
    {
        Service = service;
        Pending = pending;
        Lag = lag;
        ObservedAt = observedAt;
        FailingLoops = failingLoops;
    }

    /// <summary>The service (and consumer group) name.</summary>
    public string Service { get; }

    /// <summary>
    /// Entries delivered to the group and not yet acknowledged, across all its consumers; <see langword="null"/> before
    /// the first observation.
    /// </summary>
    public long? Pending { get; }

    /// <summary>Entries of the command stream not yet delivered to the group (Redis 7+); <see langword="null"/> when unknown.</summary>
    public long? Lag { get; }

    /// <summary>When <see cref="Pending"/> and <see cref="Lag"/> were read; <see langword="null"/> before the first observation.</summary>
    public DateTimeOffset? ObservedAt { get; }

    /// <summary>
    /// The loops whose Redis work failed and has not succeeded since (they back off and retry), each with when it
    /// began to fail: <c>read</c> (the blocking read of new requests), <c>reclaim</c>, <c>keep-alive</c>,
    /// <c>prune</c>, <c>trim</c>, <c>observe</c>. Empty when all is well.
    /// </summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FailingLoops { get; }
}
