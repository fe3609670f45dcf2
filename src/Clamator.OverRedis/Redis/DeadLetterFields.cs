namespace Clamator.OverRedis;

/// <summary>
/// The fields a server adds to the original entry's when it dead-letters it (docs/protocol.md §5.3, §6.8): written by
/// <see cref="DeadLetters"/>, read by <see cref="DeadLetterEntries"/>.
/// </summary>
internal static class DeadLetterFields
{
    /// <summary>Why the entry was dead-lettered (<see cref="DeadLetterReasons"/>).</summary>
    public const string Reason = "reason";

    /// <summary>How many times Redis had delivered the entry.</summary>
    public const string Deliveries = "deliveries";

    /// <summary>The entry's id in the command stream.</summary>
    public const string EntryId = "entry-id";

    /// <summary>The failure, when one caused it.</summary>
    public const string Error = "error";

    /// <summary>All of them: what a replay leaves out to get the original request back.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Reason, Deliveries, EntryId, Error]);
}
