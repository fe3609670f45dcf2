using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Connections cut mid-command and Redis restarted empty: nothing is lost silently. Each test owns its redis-server.</summary>
public sealed class ConnectionFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);
    private RedisServerProcess _redis = null!;
    private TestHosts _hosts = null!;
    private ConnectionMultiplexer _admin = null!;

    private string Prefix => _hosts.Prefix;

    private string CommandKey => $"{Prefix}:cmds:arith";

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _hosts = new TestHosts(_redis.Url, "c");
        _admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port},abortConnect=false,allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        await _admin.CloseAsync();
        _admin.Dispose();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Two_client_kills_during_2000_calls_lose_no_call()
    {
        const int Calls = 2000;
        var arith = new ArithService();
        RedisRpcServer server = await StartServerAsync(arith, new() { Url = _redis.Url, KeyPrefix = Prefix });
        RedisRpcClient client = await StartClientAsync();
        int completed = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        int next = -1;
        Task<double[]> calls = Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var sums = new List<double>();
            int i;
            while ((i = Interlocked.Increment(ref next)) < Calls)
            {
                sums.Add((await client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 1 })).Sum - i);
                int n = Interlocked.Increment(ref completed);
                (n == 500 ? halfway : n == 1200 ? later : null)?.TrySetResult();
            }

            return sums.Sum();
        })));

        // Every normal connection (server, client, their blocking readers) is cut twice mid-traffic.
        await halfway.Task.WaitAsync(Guard);
        await _admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal");
        await later.Task.WaitAsync(Guard);
        await _admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal");

        Assert.Equal(Calls, (await calls.WaitAsync(Guard)).Sum());
        await server.StopAsync();
        Assert.True(arith.Handled >= Calls);
        Assert.Equal(0, (await _admin.GetDatabase().StreamPendingAsync(CommandKey, "arith")).PendingMessageCount);
    }

    [Fact]
    public async Task Calls_whose_requests_redis_lost_are_sent_again_and_answered_once_a_server_serves_them()
    {
        RedisRpcClient client = await StartClientAsync(new() { Url = _redis.Url, KeyPrefix = Prefix, MaxRetryDelay = TimeSpan.FromMilliseconds(500) });

        // Nobody reads arith yet (its group exists, as a reference server that has not read makes it): the requests wait in
        // the stream, and Redis restarts empty under them.
        await RecreateGroupFromTheStartAsync();
        Task<AddResult>[] calls = [.. Enumerable.Range(0, 5).Select(
            i => client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 0 }, TimeSpan.FromMinutes(10)))];
        await Eventually.UntilAsync(async () => await _admin.GetDatabase().StreamLengthAsync(CommandKey) == 5, Guard);
        await _redis.RestartAsync();
        await RecreateGroupFromTheStartAsync();

        // After the reconnect the client finds the five requests gone and sends them again, to the empty Redis.
        await Eventually.UntilAsync(async () => await _admin.GetDatabase().StreamLengthAsync(CommandKey) == 5, Guard);
        Assert.All(calls, c => Assert.False(c.IsCompleted));

        // Two more audits at once find nothing lost: a request sent again is being sent or has its new entry.
        int[] lostFound = await Task.WhenAll(client.AuditNowAsync(), client.AuditNowAsync()).WaitAsync(Guard);
        Assert.Equal([0, 0], lostFound);
        Assert.Equal(5, await _admin.GetDatabase().StreamLengthAsync(CommandKey));

        var arith = new ArithService();
        await StartServerAsync(arith, new() { Url = _redis.Url, KeyPrefix = Prefix, MaxRetryDelay = TimeSpan.FromMilliseconds(500) });
        Assert.Equal([0.0, 1, 2, 3, 4], (await Task.WhenAll(calls).WaitAsync(Guard)).Select(r => r.Sum));
        Assert.Equal(5, arith.Handled);
    }

    [Fact]
    public async Task A_lost_call_whose_deadline_passed_by_the_audit_fails_fast_as_lost_and_one_within_its_deadline_is_sent_again()
    {
        // The client's clock jumps ahead (as a corrected clock does) between the send and the audit: by that clock the
        // first call's deadline has passed, though the core's timer, counting elapsed time, has not fired. A short real
        // timeout would not do: the core ends such a call at its deadline ("call timeout") before any audit sees it.
        var clock = new JumpingClock();
        RedisRpcClient client = await StartClientAsync(
            new() { Url = _redis.Url, KeyPrefix = Prefix, MaxRetryDelay = TimeSpan.FromMilliseconds(500), TimeProvider = clock });
        await RecreateGroupFromTheStartAsync(); // nobody reads it yet
        Task<AddResult> expiring = client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 0 }, TimeSpan.FromMinutes(10));
        Task<AddResult> lasting = client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 0 }, TimeSpan.FromMinutes(60));
        await Eventually.UntilAsync(async () => await _admin.GetDatabase().StreamLengthAsync(CommandKey) == 2, Guard);
        clock.Jump(TimeSpan.FromMinutes(20));
        await _redis.RestartAsync();
        await RecreateGroupFromTheStartAsync();

        var lost = await Assert.ThrowsAsync<ClamatorTransportException>(() => expiring.WaitAsync(Guard));
        Assert.StartsWith("call lost:", lost.Message, StringComparison.Ordinal);

        // The other is sent again (and only it), and answered once a server serves arith.
        await Eventually.UntilAsync(async () => await _admin.GetDatabase().StreamLengthAsync(CommandKey) == 1, Guard);
        Assert.False(lasting.IsCompleted);
        await StartServerAsync(new ArithService(), new() { Url = _redis.Url, KeyPrefix = Prefix, MaxRetryDelay = TimeSpan.FromMilliseconds(500) });
        Assert.Equal(2, (await lasting.WaitAsync(Guard)).Sum);
    }

    [Fact]
    public async Task Calls_still_in_redis_after_a_reconnect_are_answered_not_failed()
    {
        var arith = new ObservedArithService();
        await StartServerAsync(arith, new() { Url = _redis.Url, KeyPrefix = Prefix, MaxConcurrency = 4 });
        RedisRpcClient client = await StartClientAsync();

        Task started = arith.SlowAddStarted; // before the calls: it completes at the next start
        Task<SlowAddResult>[] calls = [.. Enumerable.Range(0, 4).Select(
            i => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = i, B = 0, SleepMs = 1000 }))];
        await started.WaitAsync(Guard);
        await _admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal");

        SlowAddResult[] results = await Task.WhenAll(calls).WaitAsync(Guard);
        Assert.Equal([0.0, 1, 2, 3], results.Select(r => r.Sum));
    }

    /// <summary>
    /// Stands in for a server of arith that lives through the restart: it recreates its group from the start of the
    /// stream (as <c>ConsumerGroup.RecoverAsync</c> does), so the requests sent again before a server starts here are
    /// read. A server starting on a stream without its group creates it at <c>$</c> and would skip them.
    /// </summary>
    private Task RecreateGroupFromTheStartAsync() => _admin.GetDatabase().StreamCreateConsumerGroupAsync(CommandKey, "arith", "0", createStream: true);

    private Task<RedisRpcServer> StartServerAsync(IArithService arith, RedisRpcServerOptions options) => _hosts.StartServerAsync(arith, options);

    private Task<RedisRpcClient> StartClientAsync(RedisRpcClientOptions? options = null) => _hosts.StartClientAsync(options);

    /// <summary>The system clock, whose time of day jumps ahead on <see cref="Jump"/>; its timers count elapsed time as the system's do.</summary>
    private sealed class JumpingClock : TimeProvider
    {
        private long _aheadTicks;

        /// <summary>Moves the time of day <paramref name="ahead"/> forward.</summary>
        public void Jump(TimeSpan ahead) => Interlocked.Add(ref _aheadTicks, ahead.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _aheadTicks));
    }
}
