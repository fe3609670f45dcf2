namespace Clamator.OverRedis;

/// <summary>What <see cref="RedisAdmin.PruneConsumersAsync"/> removed, and what it kept although idle.</summary>
public sealed record ConsumerPruneResult
{
    /// <summary>Consumers removed: idle over the threshold with nothing pending, checked again atomically at removal.</summary>
    public required IReadOnlyList<ConsumerStatus> Removed { get; init; }

    /// <summary>Consumers idle over the threshold but holding pending entries: never removed (servers reclaim their entries first).</summary>
    public required IReadOnlyList<ConsumerStatus> KeptWithPending { get; init; }
}
