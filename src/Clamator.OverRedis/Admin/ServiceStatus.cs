namespace Clamator.OverRedis;

/// <summary>One service of a deployment as Redis holds it: its command stream, its consumer group and its dead letters.</summary>
public sealed record ServiceStatus
{
    /// <summary>The service name (also its consumer group's name).</summary>
    public required string Service { get; init; }

    /// <summary>The command stream, <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>.</summary>
    public required string CommandStream { get; init; }

    /// <summary>Whether the command stream exists (a service known only from its dead letters has none).</summary>
    public required bool StreamExists { get; init; }

    /// <summary>Entries in the command stream now (servers trim it to about the entries in flight).</summary>
    public required long Length { get; init; }

    /// <summary>The id of the oldest entry still in the stream; <see langword="null"/> when it is empty.</summary>
    public string? FirstEntryId { get; init; }

    /// <summary>The id of the newest entry still in the stream; <see langword="null"/> when it is empty.</summary>
    public string? LastEntryId { get; init; }

    /// <summary>The last id the stream ever generated (<c>0-0</c> for a stream never written to).</summary>
    public string? LastGeneratedId { get; init; }

    /// <summary>Entries ever added to the stream (requests and notifications); Redis 7.0 or later, else <see langword="null"/>.</summary>
    public long? EntriesAdded { get; init; }

    /// <summary>The consumer group named after the service; <see langword="null"/> when no server ever created it.</summary>
    public ConsumerGroupStatus? Group { get; init; }

    /// <summary>The dead-letter stream, <c>&lt;prefix&gt;:dead:&lt;service&gt;</c>.</summary>
    public required string DeadLetterStream { get; init; }

    /// <summary>Entries in the dead-letter stream.</summary>
    public required long DeadLetters { get; init; }

    /// <summary>
    /// Every presence record of the service's servers (<c>&lt;prefix&gt;:presence:&lt;service&gt;</c>, docs/protocol.md
    /// §5.5), judged live or gone, by consumer name; a live one whose consumer is not in the group yet (Redis lists a
    /// consumer once it has read an entry) is a server that serves the service all the same.
    /// </summary>
    public IReadOnlyList<PresenceStatus> Presence { get; init; } = [];

    /// <summary>Whether a live server serves the service now: a consumer or a presence record judged <see cref="ConsumerState.Live"/>.</summary>
    public bool HasLiveConsumer => Presence.Any(p => p.State == ConsumerState.Live) || (Group?.Consumers.Any(c => c.State == ConsumerState.Live) ?? false);
}
