using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Reads what the liveness rule needs for one service in one pipelined round trip (docs/protocol.md §7.8): <c>TIME</c>,
/// <c>XINFO CONSUMERS &lt;prefix&gt;:cmds:&lt;service&gt; &lt;service&gt;</c> (no such key or <c>NOGROUP</c>: no group) and
/// <c>HGETALL &lt;prefix&gt;:presence:&lt;service&gt;</c>, and judges it. Used by the client's views and by <see cref="RedisAdmin"/>.
/// </summary>
internal static class LivenessReader
{
    public static async Task<ServiceLiveness> ReadAsync(IDatabaseAsync database, string keyPrefix, string service, TimeSpan unknownIdleLimit)
    {
        Task<RedisResult> time = database.ExecuteAsync("TIME");
        Task<List<ConsumerStatus>> consumers = XInfo.ConsumersAsync(database, RedisKeys.Commands(keyPrefix, service), service);
        Task<HashEntry[]> hash = database.HashGetAllAsync(RedisKeys.Presence(keyPrefix, service));

        long now = RedisClock.Milliseconds(await time.ConfigureAwait(false));
        List<ConsumerStatus>? group;
        try
        {
            group = await consumers.ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (XInfo.IsNoSuchKey(ex) || RedisErrors.ClassifyServerError(ex.Message) == RedisFailure.NoGroup)
        {
            group = null;
        }

        return ConsumerLiveness.Judge(now, group, Records(service, await hash.ConfigureAwait(false)), unknownIdleLimit);
    }

    /// <summary>The readable records of a presence hash; malformed values are left out (treated as absent).</summary>
    public static List<PresenceRecord> Records(string service, HashEntry[] entries)
    {
        var records = new List<PresenceRecord>(entries.Length);
        foreach (HashEntry entry in entries)
        {
            if (PresenceRecord.TryParse(service, entry.Name!, (byte[])entry.Value!) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }
}
