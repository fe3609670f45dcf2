using StackExchange.Redis;

namespace Clamator.Tests;

/// <summary>
/// Plays a foreign peer with plain Redis commands. Waiting for an entry uses a blocking XREAD on its own
/// connection, so tests wait for the event itself, never for a fixed time.
/// </summary>
public sealed class RawPeer : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly ConnectionMultiplexer _blocking;

    private RawPeer(ConnectionMultiplexer blocking, IDatabase db, string prefix)
    {
        _blocking = blocking;
        Db = db;
        Prefix = prefix;
    }

    public IDatabase Db { get; }

    public string Prefix { get; }

    public string ReplyKey => $"{Prefix}:replies:peer";

    public static async Task<RawPeer> CreateAsync(IRedisUnderTest redis, string prefix)
    {
        var config = ConfigurationOptions.Parse($"127.0.0.1:{redis.NodePorts[0]},abortConnect=false,asyncTimeout=40000");
        config.Protocol = RedisProtocol.Resp2;
        return new RawPeer(await ConnectionMultiplexer.ConnectAsync(config), redis.Db, prefix);
    }

    public Task<RedisValue> AddRequestAsync(string service, string envelope, string? replyTo = "default", params NameValueEntry[] extra)
    {
        var fields = new List<NameValueEntry> { new("type", "rpc"), new("envelope", envelope) };
        if (replyTo is not null)
        {
            fields.Add(new("reply-to", replyTo == "default" ? ReplyKey : replyTo));
        }

        fields.AddRange(extra);
        return Db.StreamAddAsync($"{Prefix}:cmds:{service}", [.. fields]);
    }

    /// <summary>Waits for the next entries after <paramref name="afterId"/> on <paramref name="key"/>.</summary>
    public async Task<StreamEntry[]> ReadAsync(string key, string afterId = "0", int count = 100)
    {
        // The key goes as a RedisKey so that over a cluster the read is sent to the primary that owns it.
        RedisResult result = await _blocking.GetDatabase()
            .ExecuteAsync("XREAD", "COUNT", count, "BLOCK", 30000, "STREAMS", (RedisKey)key, afterId)
            .WaitAsync(Guard);
        if (result.IsNull)
        {
            throw new TimeoutException($"No entry arrived on {key} within 30 s.");
        }

        RedisResult entries = result[0][1];
        var list = new StreamEntry[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            RedisResult fields = entries[i][1];
            var values = new NameValueEntry[fields.Length / 2];
            for (int f = 0; f < values.Length; f++)
            {
                values[f] = new NameValueEntry((RedisValue)fields[2 * f], (RedisValue)fields[(2 * f) + 1]);
            }

            list[i] = new StreamEntry((RedisValue)entries[i][0], values);
        }

        return list;
    }

    /// <summary>Waits until <paramref name="count"/> entries have arrived on <paramref name="key"/>.</summary>
    public async Task<List<StreamEntry>> ReadManyAsync(string key, int count)
    {
        var all = new List<StreamEntry>();
        string after = "0";
        while (all.Count < count)
        {
            StreamEntry[] batch = await ReadAsync(key, after, count - all.Count);
            all.AddRange(batch);
            after = batch[^1].Id!;
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _blocking.CloseAsync(allowCommandsToComplete: false);
        _blocking.Dispose();
    }
}
