namespace Clamator.OverRedis;

/// <summary>
/// One server's heartbeat for one service, as <see cref="RedisAdmin"/> reads it from <c>&lt;prefix&gt;:presence:&lt;service&gt;</c>
/// (docs/protocol.md §5.5), with ages by Redis's clock and the state the liveness rule (§7.8) gives it.
/// </summary>
public sealed record PresenceStatus
{
    /// <summary>The server's instance id.</summary>
    public required string Instance { get; init; }

    /// <summary>Its consumer in the group, <c>&lt;service&gt;:&lt;instanceId&gt;</c>.</summary>
    public required string Consumer { get; init; }

    /// <summary>
    /// <see cref="ConsumerState.Live"/> while its last beat is within <see cref="GoneAfter"/> and it has not stopped,
    /// else <see cref="ConsumerState.Gone"/>.
    /// </summary>
    public required ConsumerState State { get; init; }

    /// <summary>The host it runs on; empty when the record does not say.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>Its process id; 0 when the record does not say.</summary>
    public long ProcessId { get; init; }

    /// <summary>The library version it runs; empty when the record does not say.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>When it started; <see langword="null"/> when the record does not say.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Its last heartbeat, by Redis's clock.</summary>
    public required DateTimeOffset LastBeat { get; init; }

    /// <summary>Time since its last heartbeat, by Redis's clock (0 for a beat Redis's clock has not reached).</summary>
    public required TimeSpan LastBeatAge { get; init; }

    /// <summary>Its presence timeout: it is gone once its last beat is older than this.</summary>
    public required TimeSpan GoneAfter { get; init; }

    /// <summary>Handlers running at its last beat.</summary>
    public long Running { get; init; }

    /// <summary>Entries it has handled since it started.</summary>
    public long Handled { get; init; }

    /// <summary>Entries whose handling failed since it started.</summary>
    public long Failed { get; init; }

    /// <summary>Written by a graceful stop that left entries pending to it: gone whatever its beat says.</summary>
    public bool Stopped { get; init; }

    /// <summary>The status of <paramref name="record"/>, judged <paramref name="state"/> at <paramref name="nowMs"/> (Redis's clock, Unix epoch ms).</summary>
    internal static PresenceStatus From(PresenceRecord record, ConsumerState state, long nowMs) => new()
    {
        Instance = record.Instance,
        Consumer = record.Consumer,
        State = state,
        Host = record.Host,
        ProcessId = record.Pid,
        Version = record.Version,
        StartedAt = record.StartedAt > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(record.StartedAt) : null,
        LastBeat = DateTimeOffset.FromUnixTimeMilliseconds(record.BeatAt),
        LastBeatAge = TimeSpan.FromMilliseconds(Math.Max(0, nowMs - record.BeatAt)),
        GoneAfter = TimeSpan.FromMilliseconds(record.GoneAfterMs),
        Running = record.Running,
        Handled = record.Handled,
        Failed = record.Failed,
        Stopped = record.Stopped,
    };
}
