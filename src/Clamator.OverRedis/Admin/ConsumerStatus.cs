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
}
