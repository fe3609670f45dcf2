namespace Clamator.OverRedis;

/// <summary>
/// The liveness rule of docs/protocol.md §7.8, without Redis: judges each consumer of a service <see cref="ConsumerState.Live"/>,
/// <see cref="ConsumerState.Gone"/> or <see cref="ConsumerState.Unknown"/> from Redis's clock, the group's consumers and the
/// presence records, and whether the service has possible responders. It never rules out a server that may answer:
/// <list type="bullet">
/// <item>no stream or group ⇒ no responders, unless a live record says a server is about to (re)create it;</item>
/// <item>a consumer with a record: live while <c>now − beatAt ≤ goneAfterMs</c> and not stopped, else gone; a live record whose
/// consumer is not in the group yet is a responder too;</item>
/// <item>a consumer without a record: unknown; a possible responder when it has pending entries (a busy reference server
/// looks idle while its handler runs), when Redis does not report <c>inactive</c> (before 7.2 a live blocking reader's idle
/// time grows, so it tells nothing), or when its idle time is within <c>unknownIdleLimit</c>;</item>
/// <item>a group with neither consumers nor records: a possible responder (Redis lists a reader only once it has read an entry).</item>
/// </list>
/// </summary>
internal static class ConsumerLiveness
{
    /// <summary>How long a consumer without a record may be idle, on Redis 7.2 or later, and still count as a possible responder.</summary>
    public static readonly TimeSpan DefaultUnknownIdleLimit = TimeSpan.FromSeconds(15);

    /// <summary>Judges one service.</summary>
    /// <param name="nowMs">Redis's clock (<c>TIME</c>), Unix epoch ms.</param>
    /// <param name="consumers">The group's consumers (<c>XINFO CONSUMERS</c>); <see langword="null"/> when the stream or group does not exist.</param>
    /// <param name="records">The valid presence records of the service (<c>HGETALL</c>, malformed values left out).</param>
    /// <param name="unknownIdleLimit">The idle time past which a consumer without a record, pending nothing, on Redis
    /// 7.2 or later, is not a possible responder.</param>
    public static ServiceLiveness Judge(
        long nowMs, IReadOnlyList<ConsumerStatus>? consumers, IReadOnlyCollection<PresenceRecord> records, TimeSpan unknownIdleLimit)
    {
        var byConsumer = new Dictionary<string, PresenceRecord>(StringComparer.Ordinal);
        foreach (PresenceRecord record in records)
        {
            // Two records naming one consumer (an instance id reused at once): the newer beat speaks for it.
            if (!byConsumer.TryGetValue(record.Consumer, out PresenceRecord? other) || other.BeatAt < record.BeatAt)
            {
                byConsumer[record.Consumer] = record;
            }
        }

        var entries = new List<ConsumerLivenessEntry>((consumers?.Count ?? 0) + byConsumer.Count);
        foreach (ConsumerStatus consumer in consumers ?? [])
        {
            if (byConsumer.Remove(consumer.Name, out PresenceRecord? record))
            {
                entries.Add(FromRecord(consumer.Name, record, consumer, nowMs));
            }
            else
            {
                entries.Add(new ConsumerLivenessEntry(consumer.Name, ConsumerState.Unknown, UnknownMayRespond(consumer, unknownIdleLimit), consumer, null));
            }
        }

        foreach ((string name, PresenceRecord record) in byConsumer)
        {
            entries.Add(FromRecord(name, record, null, nowMs));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        bool groupExists = consumers is not null;
        bool unlisted = groupExists && entries.Count == 0;
        return new ServiceLiveness(nowMs, groupExists, entries, unlisted);
    }

    /// <summary>A consumer without a record: see the rule in the summary.</summary>
    internal static bool UnknownMayRespond(ConsumerStatus consumer, TimeSpan unknownIdleLimit) =>
        consumer.Pending > 0

        // Redis before 7.2 reports no `inactive`, and there a live reader blocked on an idle stream looks ever more idle.
        // (7.2 also gives -1, read as null, for a consumer that never read successfully: counted, to be safe.)
        || consumer.Inactive is null

        // From 7.2 `idle` is the time since its last attempted read, which a live blocking reader renews every block time.
        || consumer.Idle <= unknownIdleLimit;

    private static ConsumerLivenessEntry FromRecord(string name, PresenceRecord record, ConsumerStatus? consumer, long nowMs)
    {
        bool live = record.IsLiveAt(nowMs);
        return new ConsumerLivenessEntry(name, live ? ConsumerState.Live : ConsumerState.Gone, live, consumer, record);
    }
}
