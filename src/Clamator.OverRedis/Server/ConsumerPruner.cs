using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Removes consumers of the group that have been idle longer than <c>ConsumerPruneIdle</c> with nothing pending:
/// workers that are gone (each restart with a new instance id leaves one). A consumer with pending entries is never
/// removed; its entries are reclaimed after the claim time and it goes on a later pass. The check and the removal
/// run as one script, so a consumer that reads in between keeps what it read (<c>XGROUP DELCONSUMER</c> would drop
/// its fresh entries from the pending list).
/// </summary>
internal sealed class ConsumerPruner(ConsumerContext context)
{
    /// <summary>KEYS[1] stream, ARGV group, consumer, idle ms: removes the consumer if it is still idle with nothing pending; 1 if it did.</summary>
    private const string RemoveIfGone = """
        for _, consumer in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
          local fields = {}
          for i = 1, #consumer, 2 do fields[consumer[i]] = consumer[i + 1] end
          if fields['name'] == ARGV[2] then
            if fields['pending'] == 0 and fields['idle'] > tonumber(ARGV[3]) then
              redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0
          end
        end
        return 0
        """;

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

            RedisResult removed = await context.Database.ScriptEvaluateAsync(
                RemoveIfGone, [context.Key], [context.Service, consumer.Name, idleMs]).ConfigureAwait(false);
            if ((long)removed == 1)
            {
                Interlocked.Increment(ref _pruned);
                RedisLog.ConsumerPruned(context.Logger, consumer.Name!, context.Key, consumer.IdleTimeInMilliseconds);
            }
        }
    }
}
