using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Removes one consumer of a group only if it is still idle past a threshold with nothing pending, checked and done in
/// one Lua script (docs/protocol.md §6.11): <c>XGROUP DELCONSUMER</c> on its own would drop from the pending list
/// whatever the consumer read in between. Used by the servers' pruning and by <see cref="RedisAdmin"/>.
/// </summary>
internal static class ConsumerRemoval
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

    /// <summary>
    /// Removes <paramref name="consumer"/> from <paramref name="group"/> of <paramref name="key"/> if, when the script runs,
    /// it has nothing pending and has been idle longer than <paramref name="idleMs"/>; whether it did.
    /// </summary>
    public static async Task<bool> RemoveIfGoneAsync(IDatabaseAsync database, RedisKey key, string group, string consumer, long idleMs)
    {
        RedisResult removed = await database.ScriptEvaluateAsync(RemoveIfGone, [key], [group, consumer, idleMs]).ConfigureAwait(false);
        return (long)removed == 1;
    }
}
