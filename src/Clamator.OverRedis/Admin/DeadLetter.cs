namespace Clamator.OverRedis;

/// <summary>
/// One entry of <c>&lt;prefix&gt;:dead:&lt;service&gt;</c> (docs/protocol.md §6.8): the original entry's fields, then
/// <c>reason</c>, <c>deliveries</c>, <c>entry-id</c> and, for <c>reply-failed</c>, <c>error</c>.
/// </summary>
public sealed record DeadLetter
{
    /// <summary>Its id in the dead-letter stream (what show, replay and purge take).</summary>
    public required string Id { get; init; }

    /// <summary>The service whose command stream it came from.</summary>
    public required string Service { get; init; }

    /// <summary>When it was dead-lettered (the time in <see cref="Id"/>).</summary>
    public DateTimeOffset? DeadLetteredAt { get; init; }

    /// <summary><c>max-deliveries</c> or <c>reply-failed</c> (or what another peer wrote).</summary>
    public string? Reason { get; init; }

    /// <summary>How many times Redis had delivered the entry; <see langword="null"/> when the field is missing or not a number.</summary>
    public long? Deliveries { get; init; }

    /// <summary>Its id in the command stream (<c>entry-id</c>).</summary>
    public string? EntryId { get; init; }

    /// <summary>Redis's refusal of the reply, for <c>reply-failed</c>.</summary>
    public string? Error { get; init; }

    /// <summary>The request or notification, as JSON text.</summary>
    public string? Envelope { get; init; }

    /// <summary>The envelope's <c>method</c> (<c>&lt;service&gt;.&lt;method&gt;</c>), when it parses as a request or notification.</summary>
    public string? Method { get; init; }

    /// <summary>The envelope's <c>id</c> as text; <see langword="null"/> for a notification or an envelope that does not parse.</summary>
    public string? RequestId { get; init; }

    /// <summary>The reply stream the caller waits on; <see langword="null"/> for a notification.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>The caller's deadline, when the entry carries one.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Every field of the entry, in its order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; }
}
