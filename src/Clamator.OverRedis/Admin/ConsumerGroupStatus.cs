namespace Clamator.OverRedis;

/// <summary>The consumer group <c>&lt;service&gt;</c> of a command stream: what its servers have read, hold and are.</summary>
public sealed record ConsumerGroupStatus
{
    /// <summary>The group's name: the service.</summary>
    public required string Name { get; init; }

    /// <summary>The id of the last entry delivered to the group.</summary>
    public required string LastDeliveredId { get; init; }

    /// <summary>
    /// Entries added but not yet delivered to any server (<c>XINFO GROUPS</c> <c>lag</c>); Redis 7.0 or later, and
    /// <see langword="null"/> when Redis cannot tell (before 7.0, or after entries were deleted from the middle of the stream).
    /// </summary>
    public long? Lag { get; init; }

    /// <summary>Entries the group has read in its lifetime (<c>entries-read</c>); Redis 7.0 or later, else <see langword="null"/>.</summary>
    public long? EntriesRead { get; init; }

    /// <summary>Entries delivered to a server and not acknowledged yet (running, waiting, or left by a crashed worker).</summary>
    public required long Pending { get; init; }

    /// <summary>The pending entry with the lowest id; <see langword="null"/> when nothing is pending.</summary>
    public PendingEntryStatus? OldestPending { get; init; }

    /// <summary>The group's consumers (one per server instance id), by name.</summary>
    public required IReadOnlyList<ConsumerStatus> Consumers { get; init; }
}
