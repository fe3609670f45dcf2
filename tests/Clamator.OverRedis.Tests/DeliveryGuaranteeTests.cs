using System.Collections.Concurrent;
using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Promises that only cuts, restarts and races put to the test (found by an adversarial review; each test is named
/// after the bug it pins). Each test owns its redis-server; <see cref="FaultProxy"/> cuts or holds single commands.
/// </summary>
public sealed class DeliveryGuaranteeTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly RedisFixture _redis = new();
    private TestHosts _hosts = null!;
    private RawPeer _peer = null!;
    private ConnectionMultiplexer _admin = null!;

    private string Prefix => _hosts.Prefix;

    private string CommandKey => $"{Prefix}:cmds:arith";

    private string DeadKey => $"{Prefix}:dead:arith";

    private IDatabase Db => _admin.GetDatabase();

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _hosts = new TestHosts(_redis.Url, "v");
        _peer = await RawPeer.CreateAsync(_redis, Prefix);
        _admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Server.Port},abortConnect=false,allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();
        await _peer.DisposeAsync();
        await _admin.CloseAsync();
        _admin.Dispose();
        await _redis.DisposeAsync();
    }

    /// <summary>
    /// DeliveryRunner holds an entry only when its turn for a slot comes, so the rest of a read batch is neither held
    /// nor kept alive while it waits behind a slow in-order handler: another worker reclaims it and runs it, and then
    /// this worker runs it again.
    /// </summary>
    [Fact]
    public async Task Entries_queued_later_in_a_batch_are_kept_alive_and_never_run_by_two_workers()
    {
        await Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0", createStream: true);
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.slowAdd","params":{"a":100,"b":0,"sleepMs":0},"id":"slow"}""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":0},"id":"a1"}""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":0},"id":"a2"}""");

        // A reads the three in one batch and runs them in order; its keep-alive refreshes what it holds every 500 ms.
        var a = new GatedArith();
        await _hosts.StartServerAsync(a, new() { Url = _redis.Url, KeyPrefix = Prefix, InstanceId = "a", ConsumerClaimIdle = TimeSpan.FromSeconds(2) });
        await a.SlowStarted.WaitAsync(Guard);

        // B reclaims what has been idle for 1 s: longer than A's keep-alive period, so nothing A holds is ever that idle.
        var b = new GatedArith();
        RedisRpcServer serverB = await _hosts.StartServerAsync(
            b, new() { Url = _redis.Url, KeyPrefix = Prefix, InstanceId = "b", ConsumerClaimIdle = TimeSpan.FromSeconds(1) });

        // The slow handler lasts until B ran something (the bug) or 3.5 s: three of B's reclaim passes, the
        // scenario's length (an entry left idle is taken by the second), not a synchronisation.
        await Task.WhenAny(b.FirstAdd, Task.Delay(TimeSpan.FromSeconds(3.5)));
        await serverB.DisposeAsync();
        a.Release();

        // A alone now: a later entry runs only after A's batch went through its one slot.
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":3,"b":0},"id":"z"}""");
        await WaitForReplyAsync("z");

        Assert.Equal(1, a.Runs(2) + b.Runs(2));
        Assert.Equal(0, b.Adds);
    }

    /// <summary>
    /// Every failed read makes the intake re-read its own pending entries with XREADGROUP 0, which Redis counts as a
    /// delivery of each of them, held and running ones included. Five connection blips during one handler, then
    /// one ordinary redelivery (a graceful restart with the same id), and the call is dead-lettered unrun.
    /// </summary>
    [Fact]
    public async Task Connection_blips_while_a_handler_runs_do_not_count_as_deliveries()
    {
        var first = new GatedArith();
        RedisRpcServer server = await _hosts.StartServerAsync(
            first, new() { Url = _redis.Url, KeyPrefix = Prefix, InstanceId = "slot", ShutdownGrace = TimeSpan.Zero });
        RedisRpcClient client = await _hosts.StartClientAsync();
        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 40, B = 2, SleepMs = 0 }, TimeSpan.FromMinutes(2));
        await first.SlowStarted.WaitAsync(Guard);

        // Five cuts of the reader's connection; after each, the intake reconnects, looks at its own pending entries
        // (the running one is held: nothing to pick up) and blocks in XREADGROUP again on a new connection.
        for (int blip = 1; blip <= 5; blip++)
        {
            HashSet<string> killed = await KillClientNamedAsync("clamator:arith:slot");
            await Eventually.UntilAsync(async () => (await ReadersAsync("clamator:arith:slot")).Any(id => !killed.Contains(id)), Guard);
        }

        Assert.Equal(1, (await Db.StreamPendingMessagesAsync(CommandKey, "arith", 10, RedisValue.Null)).Single().DeliveryCount);

        // A deploy: stop (the handler is abandoned, its entry left pending) and start again with the same id.
        await server.DisposeAsync();
        await _hosts.StartServerAsync(new GatedArith { Gated = false }, new() { Url = _redis.Url, KeyPrefix = Prefix, InstanceId = "slot" });

        SlowAddResult result;
        try
        {
            result = await call.WaitAsync(Guard);
        }
        catch (RpcException ex)
        {
            throw new InvalidOperationException($"{ex.Code} {ex.Message} {ex.Data}", ex);
        }

        Assert.Equal(42, result.Sum);
    }

    /// <summary>
    /// The dead-letter XADD goes through RedisRetry: when its answer is lost (connection cut after Redis executed it)
    /// it is sent again, and the entry is dead-lettered twice.
    /// </summary>
    [Fact]
    public async Task Dead_letter_whose_answer_is_lost_is_written_once()
    {
        await using var proxy = FaultProxy.Start(_redis.Server.Port);
        RedisValue id = await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"poison"}""");
        await Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await Db.StreamReadGroupAsync(CommandKey, "arith", "arith:other", ">", 10);
        await Db.ExecuteAsync("XCLAIM", CommandKey, "arith", "arith:other", 0, id, "IDLE", 3_600_000, "RETRYCOUNT", 5);

        Task cut = proxy.CutAfterAsync(DeadKey, async () => await Db.StreamLengthAsync(DeadKey) >= 1);
        await _hosts.StartServerAsync(new ArithService(), new() { Url = proxy.Url, KeyPrefix = Prefix, ConsumerClaimIdle = TimeSpan.FromSeconds(1) });

        await cut.WaitAsync(Guard);
        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Contains("DeliveryLimitExceeded", (string?)reply["envelope"], StringComparison.Ordinal);
        await _hosts.DisposeAsync();

        Assert.Equal(1, await Db.StreamLengthAsync(DeadKey));
    }

    /// <summary>
    /// Reply TTLs are set with EXPIRE NX on Redis 7: a reference (TS/Python) client never sets a TTL of its own, so its
    /// reply stream keeps the TTL of its very first reply and is deleted ReplyStreamTtl after it was created, with
    /// whatever replies it has not read yet — however busy it is.
    /// </summary>
    [Fact]
    public async Task Reply_to_a_client_that_sets_no_ttl_keeps_its_stream_alive()
    {
        TimeSpan ttl = TimeSpan.FromSeconds(4);
        await _hosts.StartServerAsync(new ArithService(), new() { Url = _redis.Url, KeyPrefix = Prefix, ReplyStreamTtl = ttl });

        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"first"}""");
        StreamEntry firstReply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        await Eventually.UntilAsync(async () => await Db.KeyTimeToLiveAsync(_peer.ReplyKey) is { } left && left < ttl / 2, Guard);

        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":2},"id":"second"}""");
        await _peer.ReadAsync(_peer.ReplyKey, firstReply.Id!);

        // The reply just written must outlive the next half TTL; with NX the whole stream goes in under that.
        TimeSpan? remaining = await Db.KeyTimeToLiveAsync(_peer.ReplyKey);
        Assert.True(remaining > ttl / 2, $"the stream holding a reply written just now expires in {remaining}");
    }

    /// <summary>
    /// PruneAsync reads XINFO CONSUMERS, then deletes: a consumer that reads in between loses its fresh entries from
    /// the pending list (XGROUP DELCONSUMER drops them). They are then pending nowhere: never reclaimed if that
    /// worker crashes, and below the trim point once the group moves on.
    /// </summary>
    [Fact]
    public async Task Consumer_that_reads_while_it_is_being_pruned_keeps_its_entries_pending()
    {
        await using var proxy = FaultProxy.Start(_redis.Server.Port);
        await Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0", createStream: true);
        await Db.ExecuteAsync("XGROUP", "CREATECONSUMER", CommandKey, "arith", "arith:ghost");

        // The live server's in-order intake is kept busy (one handler running, one entry waiting for the slot).
        var arith = new GatedArith();
        RedisRpcServer server = await _hosts.StartServerAsync(arith, new()
        {
            Url = proxy.Url, KeyPrefix = Prefix, InstanceId = "live", ConsumerClaimIdle = TimeSpan.FromHours(1),
            BlockTime = TimeSpan.FromMilliseconds(100), ConsumerPruneIdle = TimeSpan.FromMilliseconds(500),
        });
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.slowAdd","params":{"a":1,"b":0,"sleepMs":0},"id":"g"}""");
        await arith.SlowStarted.WaitAsync(Guard);
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":0},"id":"f"}""");
        await Eventually.UntilAsync(async () => (await Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount == 2, Guard);
        RedisValue e = await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":3,"b":0},"id":"e"}""");

        // The prune pass has decided the ghost is gone (XINFO answered); before its removal runs, the ghost reads e.
        (Task held, Action release) = proxy.Hold("EVAL");
        await held.WaitAsync(Guard);
        StreamEntry[] taken = await Db.StreamReadGroupAsync(CommandKey, "arith", "arith:ghost", ">", 1);
        Assert.Equal(e, taken.Single().Id);
        release();

        // Another pass on the same connection runs after the held one: by then the removal has decided.
        await server.PruneNowAsync("arith");
        StreamPendingMessageInfo[] pendingE = await Db.StreamPendingMessagesAsync(CommandKey, "arith", 1, RedisValue.Null, e, e);
        arith.Release();
        Assert.Equal("arith:ghost", (string?)pendingE.Single().ConsumerName);
    }

    /// <summary>Probe (expected to pass): a server and a client stopped while Redis is down stop, within the guard.</summary>
    [Fact]
    public async Task Stop_while_redis_is_down_completes()
    {
        var arith = new GatedArith();
        var server = new RedisRpcServer(new RedisRpcServerOptions { Url = _redis.Url, KeyPrefix = Prefix });
        server.RegisterService(ArithContract.Contract, arith);
        await server.StartAsync();
        var client = new RedisRpcClient(new RedisRpcClientOptions { Url = _redis.Url, KeyPrefix = Prefix });
        await client.StartAsync();
        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 0 });
        await arith.SlowStarted.WaitAsync(Guard);

        await _redis.Server.StopAsync();
        Task stopping = Task.WhenAll(server.DisposeAsync().AsTask(), client.DisposeAsync().AsTask());
        arith.Release();
        await stopping.WaitAsync(Guard);
        await Assert.ThrowsAsync<ClamatorTransportException>(() => call);
    }

    /// <summary>Probe (expected to pass): a server stopped under load loses no call; its successor answers the rest.</summary>
    [Fact]
    public async Task Server_stopped_under_load_loses_no_call()
    {
        const int Calls = 3000;
        var first = new ArithService();
        RedisRpcServer a = await _hosts.StartServerAsync(
            first, new() { Url = _redis.Url, KeyPrefix = Prefix, InstanceId = "a", MaxConcurrency = 4, ConsumerClaimIdle = TimeSpan.FromSeconds(2) });
        RedisRpcClient client = await _hosts.StartClientAsync();
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int next = -1, done = 0;
        Task<double[]> calls = Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            double sum = 0;
            int i;
            while ((i = Interlocked.Increment(ref next)) < Calls)
            {
                sum += (await client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 1 }, TimeSpan.FromSeconds(60))).Sum - i;
                if (Interlocked.Increment(ref done) == 1000)
                {
                    halfway.TrySetResult();
                }
            }

            return sum;
        })));

        await halfway.Task.WaitAsync(Guard);
        await a.DisposeAsync();
        await _hosts.StartServerAsync(
            new ArithService(), new()
            {
                Url = _redis.Url, KeyPrefix = Prefix, InstanceId = "b", MaxConcurrency = 4,
                ConsumerClaimIdle = TimeSpan.FromSeconds(2)
            });

        Assert.Equal(Calls, (await calls.WaitAsync(Guard)).Sum());
        await _hosts.DisposeAsync();
        Assert.Equal(0, (await Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount);
    }

    private async Task WaitForReplyAsync(string id)
    {
        string after = "0";
        while (true)
        {
            StreamEntry[] batch = await _peer.ReadAsync(_peer.ReplyKey, after);
            if (batch.Any(r => ((string?)r["envelope"] ?? "").Contains($"\"id\":\"{id}\"", StringComparison.Ordinal)))
            {
                return;
            }

            after = batch[^1].Id!;
        }
    }

    /// <summary>Cuts every connection named <paramref name="name"/>; returns their client ids.</summary>
    private async Task<HashSet<string>> KillClientNamedAsync(string name)
    {
        HashSet<string> ids = [.. (await ClientsAsync()).Where(c => c.Name == name).Select(c => c.Id)];
        foreach (string id in ids)
        {
            await Db.ExecuteAsync("CLIENT", "KILL", "ID", id);
        }

        return ids;
    }

    /// <summary>The ids of connections named <paramref name="name"/> whose last command was XREADGROUP.</summary>
    private async Task<IEnumerable<string>> ReadersAsync(string name) =>
        (await ClientsAsync()).Where(c => c.Name == name && c.Command == "xreadgroup").Select(c => c.Id);

    private async Task<List<(string Id, string Name, string Command)>> ClientsAsync()
    {
        string list = (string)(await Db.ExecuteAsync("CLIENT", "LIST"))!;
        if (list.StartsWith("txt:", StringComparison.Ordinal))
        {
            list = list[4..];
        }

        return [.. list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            Dictionary<string, string> fields = line.Trim().Split(' ').Select(
                f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
            return (fields["id"], fields.GetValueOrDefault("name", ""), fields.GetValueOrDefault("cmd", ""));
        })];
    }

    /// <summary>slowAdd waits at a gate (or until cancelled); every handler run is counted by its <c>a</c>.</summary>
    private sealed class GatedArith : IArithService
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _slowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstAdd = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<double, int> _runs = new();
        private int _adds;

        public bool Gated { get; init; } = true;

        public Task SlowStarted => _slowStarted.Task;

        public Task FirstAdd => _firstAdd.Task;

        public int Adds => Volatile.Read(ref _adds);

        public int Runs(double a) => _runs.GetValueOrDefault(a);

        public void Release() => _gate.TrySetResult();

        public async Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken)
        {
            _runs.AddOrUpdate(p.A, 1, (_, n) => n + 1);
            _slowStarted.TrySetResult();
            if (Gated)
            {
                await _gate.Task.WaitAsync(cancellationToken);
            }

            return new SlowAddResult { Sum = p.A + p.B };
        }

        public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken)
        {
            _runs.AddOrUpdate(p.A, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _adds);
            _firstAdd.TrySetResult();
            return Task.FromResult(new AddResult { Sum = p.A + p.B });
        }

        public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
