using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Removes consumers of the group that have been idle longer than <c>ConsumerPruneIdle</c> with nothing pending:
/// workers that are gone (each restart with a new instance id leaves one). A consumer with pending entries is never
/// removed; its entries are reclaimed after the claim time and it goes on a later pass. The check and the removal
/// run as one script (<see cref="ConsumerRemoval"/>), so a consumer that reads in between keeps what it read
/// (<c>XGROUP DELCONSUMER</c> would drop its fresh entries from the pending list).
/// </summary>
internal sealed class ConsumerPruner(ConsumerContext context)
{
    private long _pruned;

    /// <summary>Consumers removed from the group.</summary>
    public long Pruned => Interlocked.Read(ref _pruned);

    /// <summary>One pass: candidates from <c>XINFO CONSUMERS</c>, each removed by the script after it checked again.</summary>
    public async Task PruneAsync()
    {
        long idleMs = (long)context.Schedule.PruneIdle.TotalMilliseconds;
        foreach (StreamConsumerInfo consumer in await context.Database.StreamConsumerInfoAsync(context.Key, context.Service).ConfigureAwait(false))
        {
            if (consumer.PendingMessageCount != 0 || consumer.IdleTimeInMilliseconds <= idleMs || consumer.Name == context.Consumer)
            {
                continue;
            }

            if (await ConsumerRemoval.RemoveIfGoneAsync(context.Database, context.Key, context.Service, consumer.Name!, idleMs).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _pruned);
                RedisLog.ConsumerPruned(context.Logger, consumer.Name!, context.Key, consumer.IdleTimeInMilliseconds);

                // Its presence record (docs/protocol.md §5.5) goes with it, if it had one.
                string prefix = context.Service + ":";
                if (consumer.Name!.StartsWith(prefix, StringComparison.Ordinal))
                {
                    await context.Database.HashDeleteAsync(context.PresenceKey, consumer.Name[prefix.Length..]).ConfigureAwait(false);
                }
            }
        }
    }
}
