using System.Globalization;

namespace Clamator.OverRedis;

/// <summary>
/// What the liveness rule (docs/protocol.md §7.8) makes of one service at one moment: each consumer judged, and whether
/// any server may answer a request now.
/// </summary>
internal sealed class ServiceLiveness
{
    internal ServiceLiveness(long nowMs, bool groupExists, IReadOnlyList<ConsumerLivenessEntry> consumers, bool unlistedReaderPossible)
    {
        NowMs = nowMs;
        GroupExists = groupExists;
        Consumers = consumers;
        UnlistedReaderPossible = unlistedReaderPossible;
        HasPossibleResponders = unlistedReaderPossible || consumers.Any(c => c.PossibleResponder);
    }

    /// <summary>Redis's clock when the inputs were read, Unix epoch ms.</summary>
    public long NowMs { get; }

    /// <summary>Whether the command stream and its consumer group exist.</summary>
    public bool GroupExists { get; }

    /// <summary>The consumers of the group and the presence records, matched by name, ordered by name.</summary>
    public IReadOnlyList<ConsumerLivenessEntry> Consumers { get; }

    /// <summary>
    /// The group exists but lists no consumer and has no presence record: a reference server that has not received an
    /// entry yet (Redis lists a consumer only once it has read one) may be blocked on it, so it counts as a possible responder.
    /// </summary>
    public bool UnlistedReaderPossible { get; }

    /// <summary>Whether a request added now may be answered; false means "no responders".</summary>
    public bool HasPossibleResponders { get; }

    /// <summary>The live consumers.</summary>
    public int Live => Consumers.Count(c => c.State == ConsumerState.Live);

    /// <summary>Time since the newest heartbeat of any record, by the Redis clock; <see langword="null"/> without records.</summary>
    public TimeSpan? LastBeatAge =>
        Consumers.Where(c => c.Record is not null).Select(c => c.Record!.BeatAt).DefaultIfEmpty(long.MinValue).Max() is var beat and not long.MinValue
            ? TimeSpan.FromMilliseconds(Math.Max(0, NowMs - beat))
            : null;

    /// <summary>
    /// Why there are no responders, for a one-line message: <c>no consumer group on app:cmds:arith (no server has started
    /// for it)</c>, or <c>2 consumers, all gone (last heartbeat 20.1 s ago)</c>.
    /// </summary>
    public string Describe(string commandKey)
    {
        if (!GroupExists)
        {
            return $"no consumer group on {commandKey} (no server has started for it)";
        }

        int gone = Consumers.Count(c => c.State == ConsumerState.Gone);
        int unknown = Consumers.Count(c => c.State == ConsumerState.Unknown);
        int total = Consumers.Count;
        string consumers = total == 1 ? "1 consumer" : $"{total.ToString(CultureInfo.InvariantCulture)} consumers";
        string beat = LastBeatAge is { } age ? $"last heartbeat {Seconds(age)} ago" : "no heartbeat";
        bool stopped = Consumers.Any(c => c.Record is { Stopped: true });
        if (total == 0)
        {
            return $"no consumer on {commandKey}";
        }

        if (gone == total)
        {
            return $"{consumers}, all gone ({beat}{(stopped ? ", stopped" : string.Empty)})";
        }

        TimeSpan idlest = Consumers.Where(c => c.State == ConsumerState.Unknown && c.Group is not null).Select(c => c.Group!.Idle).DefaultIfEmpty().Min();
        return $"{consumers}: {gone.ToString(CultureInfo.InvariantCulture)} gone ({beat}), {unknown.ToString(CultureInfo.InvariantCulture)} without " +
            $"heartbeat idle {Seconds(idlest)} or more";
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}
