namespace Clamator.OverRedis;

/// <summary>One pending entry of a consumer group (<c>XPENDING</c>).</summary>
public sealed record PendingEntryStatus
{
    /// <summary>Its id in the command stream.</summary>
    public required string Id { get; init; }

    /// <summary>The consumer that holds it.</summary>
    public required string Consumer { get; init; }

    /// <summary>
    /// How long ago it was added to the stream: the clock's now less the time in its id (Redis's clock when it was added),
    /// never negative.
    /// </summary>
    public required TimeSpan Age { get; init; }

    /// <summary>How long since it was last delivered or kept alive; servers reclaim entries idle longer than <c>ConsumerClaimIdle</c>.</summary>
    public required TimeSpan Idle { get; init; }

    /// <summary>How many times Redis has delivered it.</summary>
    public required long Deliveries { get; init; }
}
