using Arith;
using Clamator.OverRedis;
using Clamator.Transport;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Worker pools, ordering, bounded parallelism, reclaim, dead letters and trimming, over <paramref name="redis"/>.</summary>
public abstract class RedisWorkerSuite(IRedisUnderTest redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly TestHosts _hosts = new(redis.Url, "p");
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
    public async Task Two_servers_share_a_service_and_every_call_is_answered_exactly_once()
    {
        var first = new ArithService();
        var second = new ArithService();
        await StartServerAsync(first, new() { Url = redis.Url, KeyPrefix = Prefix, InstanceId = "one", BatchSize = 4 });
        await StartServerAsync(second, new() { Url = redis.Url, KeyPrefix = Prefix, InstanceId = "two", BatchSize = 4 });
        RedisRpcClient client = await StartClientAsync();

        AddResult[] results = await Task.WhenAll(
            Enumerable.Range(0, 300).Select(i => client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 1 }))).WaitAsync(Guard);

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (double)i), results.Select(r => r.Sum));
        Assert.Equal(300, first.Handled + second.Handled);
        Assert.Equal(300, await redis.Db.StreamLengthAsync(client.ReplyStreamKey));
        StreamGroupInfo group = (await redis.Db.StreamGroupInfoAsync(CommandKey)).Single();
        Assert.Equal(2, group.ConsumerCount);
    }

    [Fact]
    public async Task Default_server_runs_handlers_one_at_a_time_in_arrival_order()
    {
        var gate = new GateService();
        await StartServerAsync(gate, new() { Url = redis.Url, KeyPrefix = Prefix });
        RedisRpcClient client = await StartClientAsync();

        Task<SlowAddResult>[] calls = [.. Enumerable.Range(0, 20).Select(
            i => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = i, B = 0, SleepMs = 2 }))];
        await Task.WhenAll(calls).WaitAsync(Guard);

        Assert.Equal(1, gate.MaxConcurrent);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), gate.Order);
    }

    [Fact]
    public async Task Max_concurrency_runs_that_many_handlers_at_once()
    {
        var gate = new GateService { HoldUntilConcurrent = 4 };
        await StartServerAsync(gate, new() { Url = redis.Url, KeyPrefix = Prefix, MaxConcurrency = 4 });
        RedisRpcClient client = await StartClientAsync();

        // Each handler waits until four run at once: with fewer slots this would time out.
        SlowAddResult[] results = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = i, B = 0, SleepMs = 0 }))).WaitAsync(Guard);

        Assert.Equal(8, results.Length);
        Assert.Equal(4, gate.MaxConcurrent);
    }

    [Fact]
    public async Task Sixty_four_slots_run_sixty_four_handlers_at_once_whatever_the_batch_size()
    {
        // Nothing between the stream and the handlers (read batches of 16, slots, the pending list) caps parallel
        // handlers below MaxConcurrency: each handler waits until all 64 run, so a lower cap would hang this test.
        var gate = new GateService { HoldUntilConcurrent = 64 };
        await StartServerAsync(gate, new() { Url = redis.Url, KeyPrefix = Prefix, MaxConcurrency = 64, BatchSize = 16 });
        RedisRpcClient client = await StartClientAsync();

        SlowAddResult[] results = await Task.WhenAll(
            Enumerable.Range(0, 64).Select(i => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = i, B = 0, SleepMs = 0 }))).WaitAsync(Guard);

        Assert.Equal(64, results.Length);
        Assert.Equal(64, gate.MaxConcurrent);
    }

    [Fact]
    public async Task Entry_queued_behind_a_slow_handler_longer_than_the_claim_time_runs_once()
    {
        var arith = new ArithService();
        await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromMilliseconds(300) });
        RedisRpcClient client = await StartClientAsync();

        Task<SlowAddResult> slow = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 2500 });
        Task<AddResult> queued = client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 2 });
        await Task.WhenAll(slow, queued).WaitAsync(Guard);

        // Reclaim ran at least twice while both entries were held; neither may have run again.
        await using var again = await StartClientAsync();
        Assert.Equal(6, (await again.CallAsync(ArithContract.Add, new AddParams { A = 3, B = 3 }).WaitAsync(Guard)).Sum);
        Assert.Equal(3, arith.Handled);
    }

    [Fact]
    public async Task Handler_still_running_at_the_callers_deadline_is_cancelled_acked_and_not_answered()
    {
        var arith = new ObservedArithService();
        RedisRpcServer server = await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix });
        long deadline = DateTimeOffset.UtcNow.AddMilliseconds(300).ToUnixTimeMilliseconds();

        await _peer.AddRequestAsync(
            "arith", """{"jsonrpc":"2.0","method":"arith.slowAdd","params":{"a":1,"b":2,"sleepMs":60000},"id":"abandoned"}""", "default",
            new NameValueEntry("deadline", deadline));
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"next"}""");

        // In order: "next" can only be answered once the slow handler has been cancelled at its deadline.
        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Contains("\"next\"", (string?)reply["envelope"], StringComparison.Ordinal);
        Assert.True(arith.HandlerCancelled.Task.IsCompleted);
        await server.StopAsync();
        Assert.Equal(1, server.DeadlineSkips);
        Assert.Equal(1, await redis.Db.StreamLengthAsync(_peer.ReplyKey));
        Assert.Equal(0, (await redis.Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount);
    }

    [Fact]
    public async Task Entries_of_a_dead_consumer_are_reclaimed_following_the_cursor_past_one_page()
    {
        for (int i = 0; i < 70; i++)
        {
            await _peer.AddRequestAsync("arith", $$"""{"jsonrpc":"2.0","method":"arith.add","params":{"a":{{i}},"b":0},"id":"r{{i}}"}""");
        }

        // A crashed worker took all 70 and never answered.
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:crashed", ">", 100);

        var arith = new ArithService();
        await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromMilliseconds(200) });

        List<StreamEntry> replies = await _peer.ReadManyAsync(_peer.ReplyKey, 70);
        Assert.Equal(70, replies.Select(r => Envelope.Parse((byte[])r["envelope"]!).Id.ToString()).Distinct().Count());
        Assert.Equal(70, arith.Handled);
    }

    [Fact]
    public async Task Restarted_worker_with_a_stable_id_resumes_its_own_pending_entries_at_once()
    {
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":40,"b":2},"id":"mine"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:slot-1", ">", 10);

        // Claim idle is long: only the own-pending re-read at start can answer this quickly.
        await StartServerAsync(
            new ArithService(), new() { Url = redis.Url, KeyPrefix = Prefix, InstanceId = "slot-1", ConsumerClaimIdle = TimeSpan.FromHours(1) });

        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Equal("""{"jsonrpc":"2.0","id":"mine","result":{"sum":42}}""", (string?)reply["envelope"]);
    }

    [Fact]
    public async Task Entry_over_max_deliveries_is_dead_lettered_answered_and_acked()
    {
        RedisValue id = await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"poison"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:other", ">", 10);
        await redis.Db.ExecuteAsync("XCLAIM", (RedisKey)CommandKey, "arith", "arith:other", 0, id, "RETRYCOUNT", 5);

        var arith = new ArithService();
        RedisRpcServer server = await StartServerAsync(
            arith, new() { Url = redis.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromMilliseconds(100) });

        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Envelope error = Envelope.Parse((byte[])reply["envelope"]!);
        Assert.Equal(RpcErrorCodes.InternalError, error.ErrorCode);
        Assert.Contains("DeliveryLimitExceeded", (string?)reply["envelope"], StringComparison.Ordinal);
        StreamEntry dead = (await _peer.ReadAsync($"{Prefix}:dead:arith")).Single();
        Assert.Equal(["type", "envelope", "reply-to", "reason", "deliveries", "entry-id"], dead.Values.Select(v => (string)v.Name!));
        Assert.Equal("6", (string?)dead["deliveries"]);
        Assert.Equal(id, dead["entry-id"]);
        Assert.Equal(0, arith.Handled);
        await server.StopAsync();
        Assert.Equal(0, (await redis.Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount);
    }

    [Fact]
    public async Task Acknowledged_history_is_trimmed_but_pending_entries_are_kept()
    {
        var arith = new ArithService();
        RedisRpcServer first = await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix });
        RedisRpcClient client = await StartClientAsync();
        for (int i = 0; i < 250; i++)
        {
            await client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 0 });
        }

        await first.StopAsync();
        RedisValue held = await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"held"}""");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:holder", ">", 10);
        RedisRpcServer second = await StartServerAsync(arith, new() { Url = redis.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromHours(1) });

        await second.TrimNowAsync("arith");

        Assert.InRange(await redis.Db.StreamLengthAsync(CommandKey), 1, 250);
        Assert.Single(await redis.Db.StreamRangeAsync(CommandKey, held, held));
    }

    private Task<RedisRpcServer> StartServerAsync(IArithService arith, RedisRpcServerOptions options) => _hosts.StartServerAsync(arith, options);

    private Task<RedisRpcClient> StartClientAsync() => _hosts.StartClientAsync();

    /// <summary>Records how many slowAdd handlers overlap and the order they start in; can hold each until N run at once.</summary>
    private sealed class GateService : IArithService
    {
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;

        public int HoldUntilConcurrent { get; init; }

        public int MaxConcurrent { get; private set; }

        public List<double> Order { get; } = [];

        public async Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _running++;
                MaxConcurrent = Math.Max(MaxConcurrent, _running);
                Order.Add(p.A);
                if (_running >= HoldUntilConcurrent)
                {
                    _enough.TrySetResult();
                }
            }

            try
            {
                if (HoldUntilConcurrent > 0)
                {
                    await _enough.Task.WaitAsync(cancellationToken);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(p.SleepMs), cancellationToken);
                return new SlowAddResult { Sum = p.A + p.B };
            }
            finally
            {
                lock (_lock)
                {
                    _running--;
                }
            }
        }

        public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

/// <summary>The worker suite over a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisWorkerTests(RedisFixture redis) : RedisWorkerSuite(redis);

/// <summary>The worker suite over a six-node Redis Cluster (three primaries, a replica each), the servers and clients pointed at one node.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterWorkerTests(RedisClusterFixture redis) : RedisWorkerSuite(redis);
