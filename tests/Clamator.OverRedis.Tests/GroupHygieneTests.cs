using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Bounded keys: the command stream stays as long as the work in it, and gone consumers leave the group.</summary>
[Collection(RedisCollection.Name)]
public sealed class GroupHygieneTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TestHosts _hosts = new(redis.Url, "h");
    private RawPeer _peer = null!;

    private string Prefix => _hosts.Prefix;

    private string CommandKey => $"{Prefix}:cmds:arith";

    public async Task InitializeAsync() => _peer = await RawPeer.CreateAsync(redis, Prefix);

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task Command_stream_stays_bounded_under_sustained_load()
    {
        const int Calls = 20_000;
        await StartServerAsync(new ArithService(), new() { Url = redis.Url, KeyPrefix = Prefix });
        RedisRpcClient client = await StartClientAsync();
        using var done = new CancellationTokenSource();
        Task<long> longest = WatchLengthAsync(done.Token);

        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < Calls)
            {
                await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 });
            }
        }))).WaitAsync(Guard);
        await done.CancelAsync();

        // Trimmed every 1,000 acknowledgements: the stream holds about that plus what is in flight, never all 20,000.
        Assert.InRange(await longest, 1, 5_000);
    }

    [Fact]
    public async Task Gone_consumer_with_nothing_pending_is_pruned_and_one_with_pending_entries_is_kept()
    {
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"held"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:holder", ">", 10);
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", CommandKey, "arith", "arith:ghost");

        await StartServerAsync(new ArithService(), new()
        {
            Url = redis.Url, KeyPrefix = Prefix, InstanceId = "live", ConsumerClaimIdle = TimeSpan.FromHours(1),
            BlockTime = TimeSpan.FromMilliseconds(100), ConsumerPruneIdle = TimeSpan.FromMilliseconds(500),
        });

        StreamConsumerInfo[] consumers = await WaitForConsumersAsync(c => !c.Any(x => x.Name == "arith:ghost"));
        Assert.Equal(["arith:holder", "arith:live"], consumers.Select(c => (string)c.Name!).Order());
        Assert.Equal(1, consumers.Single(c => c.Name == "arith:holder").PendingMessageCount);
    }

    [Fact]
    public async Task Gone_consumer_with_pending_entries_is_pruned_only_after_they_are_reclaimed_and_answered()
    {
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":40,"b":2},"id":"orphan"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:crashed", ">", 10);

        await StartServerAsync(new ArithService(), new()
        {
            Url = redis.Url, KeyPrefix = Prefix, InstanceId = "live", ConsumerClaimIdle = TimeSpan.FromMilliseconds(300),
            BlockTime = TimeSpan.FromMilliseconds(100), ConsumerPruneIdle = TimeSpan.FromMilliseconds(400),
        });

        StreamConsumerInfo[] consumers = await WaitForConsumersAsync(c => !c.Any(x => x.Name == "arith:crashed"));
        Assert.Equal("""{"jsonrpc":"2.0","id":"orphan","result":{"sum":42}}""", (string?)(await _peer.ReadAsync(_peer.ReplyKey)).Single()["envelope"]);
        Assert.Equal(["arith:live"], consumers.Select(c => (string)c.Name!));
    }

    [Fact]
    public async Task Restarts_with_new_instance_ids_leave_one_consumer_per_live_server()
    {
        for (int i = 0; i < 5; i++)
        {
            RedisRpcServer restarted = await StartServerAsync(new ArithService(), new() { Url = redis.Url, KeyPrefix = Prefix });
            await restarted.DisposeAsync();
        }

        RedisRpcServer live = await StartServerAsync(new ArithService(), new()
        {
            Url = redis.Url, KeyPrefix = Prefix, InstanceId = "live",
            BlockTime = TimeSpan.FromMilliseconds(100), ConsumerPruneIdle = TimeSpan.FromMilliseconds(300),
        });

        StreamConsumerInfo[] consumers = await WaitForConsumersAsync(c => c.Length == 1 && c[0].Name == "arith:live");
        Assert.Equal(0, consumers.Single().PendingMessageCount);
    }

    /// <summary>Pruning runs on its own period: follows the group until it shows the outcome.</summary>
    private Task<StreamConsumerInfo[]> WaitForConsumersAsync(Func<StreamConsumerInfo[], bool> done) =>
        Eventually.UntilAsync(() => redis.Db.StreamConsumerInfoAsync(CommandKey, "arith"), done, Guard);

    private async Task<long> WatchLengthAsync(CancellationToken done)
    {
        long longest = 0;
        while (!done.IsCancellationRequested)
        {
            longest = Math.Max(longest, await redis.Db.StreamLengthAsync(CommandKey));
        }

        return longest;
    }

    private Task<RedisRpcServer> StartServerAsync(IArithService arith, RedisRpcServerOptions options) => _hosts.StartServerAsync(arith, options);

    private Task<RedisRpcClient> StartClientAsync() => _hosts.StartClientAsync();
}
