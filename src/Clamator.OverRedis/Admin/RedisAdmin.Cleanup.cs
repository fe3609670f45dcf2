namespace Clamator.OverRedis;

// RedisAdmin: the clean-ups, consumers of gone servers and orphaned reply streams.
public sealed partial class RedisAdmin
{
    /// <summary>
    /// Removes the consumers of <paramref name="service"/>'s group idle longer than <paramref name="idle"/> with nothing
    /// pending (servers that are gone). A consumer with pending entries is never removed: each removal is a script that
    /// checks the consumer again and removes it only if it is still idle with nothing pending (docs/protocol.md §6.11).
    /// </summary>
    /// <exception cref="ArgumentException">An invalid service name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="idle"/> is not positive.</exception>
    public async Task<ConsumerPruneResult> PruneConsumersAsync(string service, TimeSpan idle, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero);
        string key = RedisKeys.Commands(KeyPrefix, service);
        var removed = new List<ConsumerStatus>();
        var kept = new List<ConsumerStatus>();
        if (!await RequireStreamAsync(key, cancellationToken).ConfigureAwait(false)
            || await XInfo.GroupAsync(_db, key, service).WaitAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return new ConsumerPruneResult { Removed = removed, KeptWithPending = kept };
        }

        long idleMs = (long)idle.TotalMilliseconds;
        foreach (ConsumerStatus consumer in await XInfo.ConsumersAsync(_db, key, service).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            if (consumer.Idle.TotalMilliseconds <= idleMs)
            {
                continue;
            }

            if (consumer.Pending > 0)
            {
                kept.Add(consumer);
            }
            else if (await ConsumerRemoval.RemoveIfGoneAsync(_db, key, service, consumer.Name, idleMs).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                removed.Add(consumer);
            }
        }

        return new ConsumerPruneResult { Removed = removed, KeptWithPending = kept };
    }

    /// <summary>
    /// Deletes the orphaned reply streams: those with <b>no TTL</b> whose newest entry was added more than
    /// <paramref name="idle"/> ago (by Redis's clock). A live client of this project keeps a TTL on its stream and servers
    /// of this project set one with every reply, so a stream without one was left by a crash between a reply and its
    /// <c>EXPIRE</c>, or by peers that set no TTLs; the idle threshold spares the streams of such peers' live clients.
    /// Streams with a TTL are left to expire. Each deletion is a script that checks both conditions again.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="idle"/> is negative.</exception>
    public async Task<ReplyStreamCleanup> DeleteOrphanedReplyStreamsAsync(TimeSpan idle, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero);
        ReplyStreamsStatus replies = await GetReplyStreamsAsync(cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (ReplyStreamStatus stream in replies.WithoutTtl)
        {
            if ((stream.LastEntryAge is not { } age || age > idle)
                && await OrphanedReplyStreams.DeleteIfOrphanedAsync(_db, stream.Key, idle).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                deleted.Add(stream.Key);
            }
        }

        return new ReplyStreamCleanup { Examined = replies.Count, Deleted = deleted };
    }
}
