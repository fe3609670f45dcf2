namespace Clamator.OverRedis;

/// <summary>One consumer of a group (<c>XINFO CONSUMERS</c>): a server instance, named <c>&lt;service&gt;:&lt;instanceId&gt;</c>.</summary>
public sealed record ConsumerStatus
{
    /// <summary>The consumer's name.</summary>
    public required string Name { get; init; }

    /// <summary>Time since the consumer last read, claimed or kept an entry alive (a live server reads every <c>BlockTime</c>).</summary>
    public required TimeSpan Idle { get; init; }

    /// <summary>Time since its last successful read or claim (<c>inactive</c>); Redis 7.2 or later, else <see langword="null"/>.</summary>
    public TimeSpan? Inactive { get; init; }

    /// <summary>Entries delivered to it and not acknowledged.</summary>
    public required long Pending { get; init; }

    /// <summary>
    /// Live, gone or unknown by the liveness rule of docs/protocol.md §7.8 (its presence record, or, without one, a peer
    /// that writes no heartbeat); <see langword="null"/> where nothing judged it (the consumers a prune reports).
    /// </summary>
    public ConsumerState? State { get; init; }

    /// <summary>Its server's presence record (docs/protocol.md §5.5); <see langword="null"/> when it has none.</summary>
    public PresenceStatus? Presence { get; init; }
}
