namespace Clamator.OverRedis;

/// <summary>What <see cref="RedisAdmin.DeleteOrphanedReplyStreamsAsync"/> deleted.</summary>
public sealed record ReplyStreamCleanup
{
    /// <summary>Reply streams looked at.</summary>
    public required int Examined { get; init; }

    /// <summary>The keys of the orphaned reply streams deleted.</summary>
    public required IReadOnlyList<string> Deleted { get; init; }
}
