using System.Net;
using Clamator.OverRedis;
using StackExchange.Redis;

/// <summary>The keys a run over Redis makes, all under its own <c>demo-xxxxxxxx</c> prefix, and their removal when it ends.</summary>
internal static class DemoKeys
{
    /// <summary>Deletes every key under <paramref name="prefix"/> (<c>SCAN MATCH &lt;prefix&gt;:*</c>, then <c>UNLINK</c>); returns how many.</summary>
    public static async Task<long> DeleteAsync(string redisUrl, string prefix)
    {
        ConfigurationOptions config = RedisUrl.Parse(redisUrl);
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(config);
        IDatabase db = connection.GetDatabase();
        long deleted = 0;
        foreach (IServer server in connection.GetServers().Where(s => !s.IsReplica))
        {
            // The prefix is "demo-" and hex digits: nothing in it a glob pattern would read as a wildcard.
            var keys = new List<RedisKey>();
            await foreach (RedisKey key in server.KeysAsync(db.Database, $"{prefix}:*", pageSize: 500))
            {
                keys.Add(key);
            }

            // One key per command: on a cluster the keys of a run hash to different slots.
            foreach (RedisKey[] batch in keys.Chunk(500))
            {
                bool[] removed = await Task.WhenAll(batch.Select(k => db.KeyDeleteAsync(k)));
                deleted += removed.Count(r => r);
            }
        }

        return deleted;
    }

    /// <summary><c>host:port</c> of the URL: what the demo prints instead of the URL, which may hold a password.</summary>
    public static string Endpoint(string redisUrl) => RedisUrl.Parse(redisUrl).EndPoints.FirstOrDefault() switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        { } other => other.ToString()!,
        null => "?",
    };
}
