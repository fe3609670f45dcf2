namespace Clamator.OverRedis;

/// <summary>One reply stream, <c>&lt;prefix&gt;:replies:&lt;clientInstanceId&gt;</c>.</summary>
public sealed record ReplyStreamStatus
{
    /// <summary>The stream's key.</summary>
    public required string Key { get; init; }

    /// <summary>The client instance id the key names.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Entries in it (replies, read or not: clients do not delete what they read; servers cap it).</summary>
    public required long Length { get; init; }

    /// <summary>Its remaining TTL; <see langword="null"/> when it has none (<see cref="RedisAdmin.DeleteOrphanedReplyStreamsAsync"/>).</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>How long since its newest entry was added (by the id's time); <see langword="null"/> for a stream never written to.</summary>
    public TimeSpan? LastEntryAge { get; init; }
}
