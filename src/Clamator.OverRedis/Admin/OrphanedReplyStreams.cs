using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Deletes a reply stream only if it is orphaned when the deletion runs: a stream with no TTL whose newest entry is older
/// than a threshold by Redis's own clock. Checked and deleted in one Lua script on the one key, so a reply written
/// meanwhile (which, from a server of this project, also sets a TTL) keeps the stream.
/// </summary>
internal static class OrphanedReplyStreams
{
    /// <summary>KEYS[1] reply stream, ARGV[1] idle ms: deletes it if it is a stream without TTL whose last entry is older than that; 1 if it did.</summary>
    private const string DeleteIfOrphaned = """
        if redis.call('TYPE', KEYS[1]).ok ~= 'stream' then return 0 end
        if redis.call('PTTL', KEYS[1]) ~= -1 then return 0 end
        local info = redis.call('XINFO', 'STREAM', KEYS[1])
        local last = '0-0'
        for i = 1, #info, 2 do if info[i] == 'last-generated-id' then last = info[i + 1] end end
        local ms = tonumber(string.match(last, '^(%d+)'))
        local now = redis.call('TIME')
        local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        if nowMs - ms <= tonumber(ARGV[1]) then return 0 end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    /// <summary>Deletes <paramref name="key"/> if it is still orphaned (no TTL, newest entry older than <paramref name="idle"/>); whether it did.</summary>
    public static async Task<bool> DeleteIfOrphanedAsync(IDatabaseAsync db, RedisKey key, TimeSpan idle)
    {
        RedisResult deleted = await db.ScriptEvaluateAsync(DeleteIfOrphaned, [key], [(long)idle.TotalMilliseconds]).ConfigureAwait(false);
        return (long)deleted == 1;
    }
}
