using System.Diagnostics;
using System.Text.Json;
using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Clamator.Tests;

/// <summary>
/// "No responders, fast" (docs/protocol.md §7.8) against a real redis-server: calls to a service nobody serves fail with
/// <see cref="ClamatorTransportErrorKind.NoResponders"/> instead of waiting their timeout, and never when a server, ours
/// or a reference-like peer played with raw commands, could answer. Times are printed, not asserted.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class NoRespondersTests(RedisFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(120);
    private TestHosts _hosts = null!;

    private string Prefix => _hosts.Prefix;

    public Task InitializeAsync()
    {
        _hosts = new TestHosts(redis.Url, "nr");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task First_call_to_a_service_without_a_consumer_group_fails_with_NoResponders_naming_service_prefix_and_stream()
    {
        RedisRpcClient client = await _hosts.StartClientAsync();

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout));
        output.WriteLine($"first call to an unserved service failed after {clock.Elapsed.TotalMilliseconds:0.0} ms: {failure.Message}");

        Assert.Equal(ClamatorTransportErrorKind.NoResponders, failure.Kind);
        Assert.Equal($"No responders for 'arith' under prefix '{Prefix}': no consumer group on {Prefix}:cmds:arith (no server has started for it)",
            failure.Message);
        Assert.Equal(["arith"], client.ServicesWithoutResponders);
        Assert.False(await redis.Db.KeyExistsAsync($"{Prefix}:cmds:arith")); // nothing was sent

        clock.Restart();
        var again = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout));
        output.WriteLine($"second call failed after {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, again.Kind);
    }

    [Fact]
    public async Task First_calls_to_each_of_many_unserved_services_all_fail_with_NoResponders()
    {
        RedisRpcClient client = await _hosts.StartClientAsync();
        using JsonDocument empty = JsonDocument.Parse("{}");
        var times = new List<double>();

        for (int i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync($"unserved{i}.add", empty.RootElement, LongTimeout));
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(ClamatorTransportErrorKind.NoResponders, failure.Kind);
        }

        times.Sort();
        output.WriteLine($"first call to an unserved service, 200 services: p50 {times[99]:0.00} ms, p99 {times[197]:0.00} ms, max {times[199]:0.00} ms");
        Assert.Equal(200, client.ServicesWithoutResponders.Count);
    }

    [Fact]
    public async Task Notification_to_a_service_without_a_consumer_group_fails_with_NoResponders()
    {
        RedisRpcClient client = await _hosts.StartClientAsync();

        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.NotifyAsync(NotificationsContract.Ping, new PingParams { Tag = "x" }));

        Assert.Equal(ClamatorTransportErrorKind.NoResponders, failure.Kind);
        Assert.Contains("'notifications'", failure.Message, StringComparison.Ordinal);
        Assert.False(await redis.Db.KeyExistsAsync($"{Prefix}:cmds:notifications"));
    }

    [Fact]
    public async Task Service_that_starts_after_a_NoResponders_failure_is_called_again_without_restarting_the_client()
    {
        RedisRpcClient client = await _hosts.StartClientAsync();
        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout));

        await _hosts.StartServerAsync(new ArithService());

        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout)).Sum);
        Assert.Empty(client.ServicesWithoutResponders);
    }

    [Fact]
    public async Task ServicesWithoutResponders_clears_once_a_server_starts_with_no_further_call()
    {
        // Regression: the verdict stood stale once calls stopped (a hosting health check stayed Degraded after Redis
        // restarted empty, though the server had recreated its group and was beating again).
        RedisRpcClient client = await _hosts.StartClientAsync();
        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout));
        Assert.Equal(["arith"], client.ServicesWithoutResponders);

        // The scenario, not a synchronisation: no call for longer than a called service's refresh window (2 s).
        await Task.Delay(ClientResponders.RefreshPeriod * 3);
        await _hosts.StartServerAsync(new ArithService());

        await Eventually.UntilAsync(() => Task.FromResult(client.ServicesWithoutResponders), s => s.Count == 0, Guard, s => string.Join(", ", s));
    }

    [Fact]
    public async Task Calls_after_the_only_server_stopped_gracefully_fail_with_NoResponders_and_its_consumer_leaves_the_group()
    {
        RedisRpcServer server = await _hosts.StartServerAsync(
            new ArithService(), new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = Prefix, InstanceId = "graceful" });
        RedisRpcClient client = await _hosts.StartClientAsync();
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout)).Sum);

        await server.StopAsync();
        var clock = Stopwatch.StartNew();

        // The client's view may still be the one from before the stop (it is at most about a second old): such a call is
        // sent, waits, and fails as soon as the next refresh sees the server gone, long before its timeout.
        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout).WaitAsync(Guard));
        output.WriteLine($"call right after a graceful stop failed after {clock.Elapsed.TotalMilliseconds:0.0} ms: {failure.Message}");
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, failure.Kind);

        clock.Restart();
        var next = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout));
        output.WriteLine($"next call failed after {clock.Elapsed.TotalMilliseconds:0.0} ms: {next.Message}");
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, next.Kind);
        Assert.Contains("all gone", next.Message, StringComparison.Ordinal);

        ServiceLiveness liveness = await LivenessReader.ReadAsync(redis.Db, Prefix, "arith", ConsumerLiveness.DefaultUnknownIdleLimit);
        ConsumerLivenessEntry gone = Assert.Single(liveness.Consumers);
        Assert.Equal(ConsumerState.Gone, gone.State);
        Assert.True(gone.Record!.Stopped);
        Assert.Null(gone.Group); // its consumer was removed from the group: nothing was pending to it
    }

    [Fact]
    public async Task Call_whose_handler_runs_while_its_server_stops_gracefully_is_answered_not_failed_as_NoResponders()
    {
        // The stop drains the handler for longer than the presence timeout: beats go on, and the goodbye waits for the handler.
        var arith = new ObservedArithService();
        RedisRpcServer server = await _hosts.StartServerAsync(
            arith, new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = Prefix, PresenceTimeout = TimeSpan.FromSeconds(2) });
        RedisRpcClient client = await _hosts.StartClientAsync();
        Task started = arith.SlowAddStarted;
        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 3500 }, LongTimeout);
        await started.WaitAsync(Guard);

        Task stopping = server.StopAsync();

        Assert.Equal(3, (await call.WaitAsync(Guard)).Sum);
        await stopping.WaitAsync(Guard);
        var after = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout).WaitAsync(Guard));
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, after.Kind);
    }

    [Fact]
    public async Task Waiting_calls_end_with_NoResponders_once_a_killed_servers_heartbeat_is_stale()
    {
        await using ArithServerProcess doomed = await ArithServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_URL"] = redis.Url,
            ["KEY_PREFIX"] = Prefix,
            ["INSTANCE_ID"] = "doomed",
            ["PRESENCE_TIMEOUT_MS"] = "1500",
            ["CLAMATOR_TRACE_HANDLERS"] = "1",
        });
        RedisRpcClient client = await _hosts.StartClientAsync();
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout)).Sum);

        Task<SlowAddResult> running = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 600_000 }, LongTimeout);
        await doomed.WaitForLineAsync(l => l == "START arith.slowAdd");
        Task<AddResult> queued = client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, LongTimeout);
        await doomed.KillAsync();
        var clock = Stopwatch.StartNew();

        var first = await Assert.ThrowsAsync<ClamatorTransportException>(() => running.WaitAsync(Guard));
        var second = await Assert.ThrowsAsync<ClamatorTransportException>(() => queued.WaitAsync(Guard));
        output.WriteLine($"waiting calls failed {clock.Elapsed.TotalMilliseconds:0.0} ms after the kill (presence timeout 1500 ms): {first.Message}");

        Assert.Equal(ClamatorTransportErrorKind.NoResponders, first.Kind);
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, second.Kind);
        Assert.Contains("1 consumer, all gone (last heartbeat", first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_reference_like_peer_without_heartbeats_is_never_judged_gone_and_answers_the_call()
    {
        // A reference server: creates the group, reads with its own consumer, runs one request at a time (one held pending
        // as a slow handler would), writes no presence record. Beside it, the stale record of a .NET server killed long ago.
        await using RawPeer peer = await RawPeer.CreateAsync(redis, Prefix);
        string key = $"{Prefix}:cmds:arith";
        await redis.Db.ExecuteAsync("XGROUP", "CREATE", key, "arith", "$", "MKSTREAM");
        await redis.Db.StreamAddAsync(key, [new("type", "rpc"), new("envelope", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":0,"b":0}}""")]);
        await redis.Db.ExecuteAsync("XREADGROUP", "GROUP", "arith", "arith:ts-peer", "COUNT", 1, "STREAMS", key, ">"); // held pending: "busy"
        await redis.Db.HashSetAsync(
            $"{Prefix}:presence:arith", "dead", new PresenceRecord { Instance = "dead", Consumer = "arith:dead", BeatAt = 1, GoneAfterMs = 1000 }.ToJson());

        RedisRpcClient client = await _hosts.StartClientAsync();
        Task<AddResult> call = client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }, LongTimeout);

        // The peer finishes its slow entry, then reads the call and answers it.
        StreamEntry request = (await peer.ReadManyAsync(key, 2)).Last();
        await redis.Db.ExecuteAsync("XREADGROUP", "GROUP", "arith", "arith:ts-peer", "COUNT", 10, "STREAMS", key, ">");
        using JsonDocument envelope = JsonDocument.Parse((string)request["envelope"]!);
        string id = envelope.RootElement.GetProperty("id").GetString()!;
        await redis.Db.StreamAddAsync((string)request["reply-to"]!, [new("type", "rpc"), new("envelope", Reply(id))]);

        Assert.Equal(5, (await call.WaitAsync(Guard)).Sum);
        Assert.Empty(client.ServicesWithoutResponders);

        ServiceLiveness liveness = await LivenessReader.ReadAsync(redis.Db, Prefix, "arith", ConsumerLiveness.DefaultUnknownIdleLimit);
        ConsumerLivenessEntry reference = liveness.Consumers.Single(c => c.Name == "arith:ts-peer");
        Assert.Equal(ConsumerState.Unknown, reference.State);
        Assert.True(reference.PossibleResponder);
        Assert.Equal(ConsumerState.Gone, liveness.Consumers.Single(c => c.Name == "arith:dead").State);
    }

    [Fact]
    public async Task Reference_like_peer_that_has_not_read_an_entry_yet_is_not_listed_by_Redis_and_still_gets_the_call()
    {
        // Redis lists a consumer only once XREADGROUP has delivered it an entry: a live reference server blocked on a new
        // group is invisible, so a group with neither consumers nor records counts as possibly served.
        await using RawPeer peer = await RawPeer.CreateAsync(redis, Prefix);
        string key = $"{Prefix}:cmds:arith";
        await redis.Db.ExecuteAsync("XGROUP", "CREATE", key, "arith", "$", "MKSTREAM");

        RedisRpcClient client = await _hosts.StartClientAsync();
        Task<AddResult> call = client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }, LongTimeout);

        StreamEntry request = (await peer.ReadAsync(key, "0")).Single();
        using JsonDocument envelope = JsonDocument.Parse((string)request["envelope"]!);
        await redis.Db.StreamAddAsync(
            (string)request["reply-to"]!, [new("type", "rpc"), new("envelope", Reply(envelope.RootElement.GetProperty("id").GetString()!))]);

        Assert.Equal(5, (await call.WaitAsync(Guard)).Sum);
    }

    [Fact]
    public async Task Idle_consumer_without_heartbeat_on_Redis_before_7_2_is_never_judged_gone()
    {
        string key = $"{Prefix}:cmds:arith";
        await redis.Db.ExecuteAsync("XGROUP", "CREATE", key, "arith", "$", "MKSTREAM");
        await redis.Db.StreamAddAsync(key, [new("type", "rpc"), new("envelope", "{}")]);
        await redis.Db.ExecuteAsync("XREADGROUP", "GROUP", "arith", "arith:ts-peer", "COUNT", 1, "STREAMS", key, ">");
        await redis.Db.ExecuteAsync("XACK", key, "arith", (await redis.Db.StreamRangeAsync(key))[0].Id);

        ServiceLiveness liveness = await LivenessReader.ReadAsync(redis.Db, Prefix, "arith", TimeSpan.Zero); // any idle time is "too idle"
        ConsumerLivenessEntry peer = Assert.Single(liveness.Consumers);

        Assert.Equal(ConsumerState.Unknown, peer.State);
        if (peer.Group!.Inactive is null)
        {
            output.WriteLine("Redis reports no 'inactive' (before 7.2): an unknown consumer always counts");
            Assert.True(peer.PossibleResponder);
            Assert.True(liveness.HasPossibleResponders);
        }
        else
        {
            output.WriteLine("Redis 7.2 or later: judged by its idle time, covered by the rule's unit tests");
        }
    }

    private static string Reply(string id) => "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{\"sum\":5}}";
}
