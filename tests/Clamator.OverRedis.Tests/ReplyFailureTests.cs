using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Replies that cannot be written, and reply streams that must not live forever.</summary>
[Collection(RedisCollection.Name)]
public sealed class ReplyFailureTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly TestHosts _hosts = new(redis.Url, "r");
    private RawPeer _peer = null!;

    private string Prefix => _hosts.Prefix;

    private string CommandKey => $"{Prefix}:cmds:arith";

    private string DeadKey => $"{Prefix}:dead:arith";

    public async Task InitializeAsync() => _peer = await RawPeer.CreateAsync(redis, Prefix);

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task Reply_to_a_key_of_another_type_is_dead_lettered_once_with_the_reason_and_acked()
    {
        string wrong = $"{Prefix}:replies:wrongtype";
        await redis.Db.StringSetAsync(wrong, "not a stream");
        var arith = new ArithService();
        await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromMilliseconds(200) });

        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"w"}""", wrong);
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":2},"id":"after"}""");

        StreamEntry dead = (await _peer.ReadAsync(DeadKey)).Single();
        Assert.Equal(["type", "envelope", "reply-to", "reason", "deliveries", "entry-id", "error"], dead.Values.Select(v => (string)v.Name!));
        Assert.Equal("reply-failed", (string?)dead["reason"]);
        Assert.StartsWith("WRONGTYPE", (string?)dead["error"], StringComparison.Ordinal);
        Assert.Contains("\"after\"", (string?)(await _peer.ReadAsync(_peer.ReplyKey)).Single()["envelope"], StringComparison.Ordinal);
        await AssertSettledAsync(expectedDead: 1);
        Assert.Equal(2, arith.Handled);
    }

    [Fact]
    public async Task Reply_the_acl_user_may_not_write_is_dead_lettered_once_with_the_reason_and_acked()
    {
        string user = "u" + Prefix;
        await redis.Db.ExecuteAsync(
            "ACL", "SETUSER", user, "on", ">secret", "resetkeys", $"~{Prefix}:cmds:*", $"~{Prefix}:dead:*", $"~{_peer.ReplyKey}",
            $"~{Prefix}:replies:clamator-expire-probe", $"~{Prefix}:presence:*", "+@all");
        try
        {
            var arith = new ArithService();
            await StartServerAsync(
                arith, new()
                {
                    Url = $"redis://{user}:secret@127.0.0.1:{redis.Server.Port}", KeyPrefix = Prefix,
                    ConsumerClaimIdle = TimeSpan.FromMilliseconds(200)
                });

            await _peer.AddRequestAsync(
                "arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"forbidden"}""", $"{Prefix}:replies:forbidden");
            await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":2},"id":"after"}""");

            StreamEntry dead = (await _peer.ReadAsync(DeadKey)).Single();
            Assert.Equal("reply-failed", (string?)dead["reason"]);
            Assert.StartsWith("NOPERM", (string?)dead["error"], StringComparison.Ordinal);
            Assert.Contains("\"after\"", (string?)(await _peer.ReadAsync(_peer.ReplyKey)).Single()["envelope"], StringComparison.Ordinal);
            await AssertSettledAsync(expectedDead: 1);
            Assert.False(await redis.Db.KeyExistsAsync($"{Prefix}:replies:forbidden"));
        }
        finally
        {
            await _hosts.DisposeAsync();
            await redis.Db.ExecuteAsync("ACL", "DELUSER", user);
        }
    }

    [Fact]
    public async Task Entries_past_max_deliveries_with_an_unwritable_reply_to_are_dead_lettered_once_each()
    {
        string wrong = $"{Prefix}:replies:wrongtype";
        await redis.Db.StringSetAsync(wrong, "not a stream");
        var ids = new List<RedisValue>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add(await _peer.AddRequestAsync("arith", $$"""{"jsonrpc":"2.0","method":"arith.add","params":{"a":{{i}},"b":0},"id":"p{{i}}"}""", wrong));
        }

        // A worker that kept crashing took them five times.
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:crashing", ">", 10);
        await redis.Db.ExecuteAsync("XCLAIM", [CommandKey, "arith", "arith:crashing", 0, .. ids.Select(id => (object)id), "RETRYCOUNT", 5]);

        var arith = new ArithService();
        RedisRpcServer server = await StartServerAsync(
            arith, new() { Url = redis.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromMilliseconds(100) });

        List<StreamEntry> dead = await _peer.ReadManyAsync(DeadKey, 3);
        Assert.All(dead, d => Assert.Equal("max-deliveries", (string?)d["reason"]));
        await server.ReclaimNowAsync("arith");
        await AssertSettledAsync(expectedDead: 3);
        Assert.Equal(0, arith.Handled);
    }

    [Fact]
    public async Task Reply_stream_of_a_client_that_does_not_exist_has_a_ttl_from_the_moment_it_exists()
    {
        string ghost = $"{Prefix}:replies:never-started";
        await StartServerAsync(new ArithService(), new() { Url = redis.Url, KeyPrefix = Prefix });

        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"g"}""", ghost);

        Assert.Single(await _peer.ReadAsync(ghost));
        TimeSpan? ttl = await redis.Db.KeyTimeToLiveAsync(ghost);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Late_reply_after_the_client_deleted_its_stream_recreates_it_with_a_ttl()
    {
        var arith = new ObservedArithService();
        await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix });
        var client = new RedisRpcClient(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = Prefix });
        await client.StartAsync();
        string replyKey = client.ReplyStreamKey;

        // The client gives up and stops (deleting its stream) while the handler still runs; the reply comes later.
        Task started = arith.SlowAddStarted; // before the call: it completes at the next start
        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 300 });
        await started.WaitAsync(Guard);
        await client.DisposeAsync();
        await Assert.ThrowsAsync<ClamatorTransportException>(() => call);

        Assert.Single(await _peer.ReadAsync(replyKey));
        Assert.NotNull(await redis.Db.KeyTimeToLiveAsync(replyKey));
    }

    /// <summary>
    /// A stream deleted after this server's last reply to it (its client stopped, Redis lost it), within TTL/4 so its
    /// TTL is not due to slide: the next reply still lands and the stream it creates has a TTL (pins the <c>NX</c> that
    /// goes with every reply; an optimisation that skips the TTL for streams known to exist must keep this).
    /// </summary>
    [Fact]
    public async Task Reply_to_a_stream_deleted_since_the_last_reply_is_written_and_the_stream_recreated_with_a_ttl()
    {
        await StartServerAsync(new ArithService(), new() { Url = redis.Url, KeyPrefix = Prefix });
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"first"}""");
        Assert.Single(await _peer.ReadAsync(_peer.ReplyKey));

        await redis.Db.KeyDeleteAsync(_peer.ReplyKey);
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":2},"id":"after-delete"}""");

        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Contains("\"after-delete\"", (string?)reply["envelope"], StringComparison.Ordinal);
        TimeSpan? ttl = await redis.Db.KeyTimeToLiveAsync(_peer.ReplyKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    /// <summary>Nothing pending, and exactly <paramref name="expectedDead"/> dead letters, after another reclaim could have run.</summary>
    private async Task AssertSettledAsync(int expectedDead)
    {
        await _hosts.DisposeAsync();
        Assert.Equal(0, (await redis.Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount);
        Assert.Equal(expectedDead, await redis.Db.StreamLengthAsync(DeadKey));
    }

    private Task<RedisRpcServer> StartServerAsync(IArithService arith, RedisRpcServerOptions options) => _hosts.StartServerAsync(arith, options);
}
