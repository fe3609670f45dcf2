using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The servers' presence records (docs/protocol.md §5.5) against a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class PresenceTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private TestHosts _hosts = null!;

    private string Prefix => _hosts.Prefix;

    private string PresenceKey => $"{Prefix}:presence:arith";

    public Task InitializeAsync()
    {
        _hosts = new TestHosts(redis.Url, "pr");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task Started_server_is_live_at_once_with_its_record_fields_and_the_hash_has_a_ttl()
    {
        await _hosts.StartServerAsync(
            new ArithService(), new RedisRpcServerOptions
            {
                Url = redis.Url, KeyPrefix = Prefix, InstanceId = "w1",
                PresenceTimeout = TimeSpan.FromSeconds(9)
            });

        ServiceLiveness liveness = await LivenessReader.ReadAsync(redis.Db, Prefix, "arith", ConsumerLiveness.DefaultUnknownIdleLimit);

        ConsumerLivenessEntry live = Assert.Single(liveness.Consumers);
        Assert.Equal(ConsumerState.Live, live.State);
        Assert.Equal("arith:w1", live.Name);
        PresenceRecord record = live.Record!;
        Assert.Equal("w1", record.Instance);
        Assert.Equal(Environment.ProcessId, record.Pid);
        Assert.Equal(Environment.MachineName, record.Host);
        Assert.Equal(9000, record.GoneAfterMs);
        Assert.NotEqual(string.Empty, record.Version);
        Assert.True(record.StartedAt > 0 && record.StartedAt <= record.BeatAt);
        Assert.False(record.Stopped);
        TimeSpan? ttl = await redis.Db.KeyTimeToLiveAsync(PresenceKey);
        Assert.NotNull(ttl);
        Assert.True(ttl > TimeSpan.Zero);
    }

    [Fact]
    public async Task Heartbeat_moves_forward_and_counts_handled_entries()
    {
        await _hosts.StartServerAsync(
            new ArithService(), new RedisRpcServerOptions
            {
                Url = redis.Url, KeyPrefix = Prefix, InstanceId = "w1",
                PresenceTimeout = TimeSpan.FromMilliseconds(300)
            });
        RedisRpcClient client = await _hosts.StartClientAsync();
        long firstBeat = (await RecordAsync("w1"))!.BeatAt;

        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 });
        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 });

        PresenceRecord later = (await Eventually.UntilAsync(
            () => RecordAsync("w1"), r => r is { Handled: 2 } && r.BeatAt > firstBeat, Guard, r => r?.ToString() ?? "none"))!;
        Assert.Equal(0, later.Failed);
        Assert.Equal(0, later.Running);
    }

    [Fact]
    public async Task Graceful_stop_marks_the_record_stopped_and_removes_the_consumer_with_nothing_pending()
    {
        RedisRpcServer server = await _hosts.StartServerAsync(
            new ArithService(), new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = Prefix, InstanceId = "w1" });
        RedisRpcClient client = await _hosts.StartClientAsync();
        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 });

        await server.StopAsync();

        PresenceRecord record = (await RecordAsync("w1"))!;
        Assert.True(record.Stopped);
        Assert.Equal(1, record.Handled);
        Assert.Empty(await redis.Db.StreamConsumerInfoAsync($"{Prefix}:cmds:arith", "arith"));
        Assert.NotNull(await redis.Db.KeyTimeToLiveAsync(PresenceKey));
    }

    [Fact]
    public async Task Live_server_removes_stale_records_of_others_and_keeps_readable_ones_it_cannot_judge()
    {
        await redis.Db.HashSetAsync(PresenceKey, [
            new("old", new PresenceRecord { Instance = "old", Consumer = "arith:old", BeatAt = 1, GoneAfterMs = 1000 }.ToJson()),
            new("stopped", new PresenceRecord { Instance = "stopped", Consumer = "arith:stopped", BeatAt = 1, GoneAfterMs = 1000, Stopped = true }.ToJson()),
            new("foreign", "not a record"),
        ]);

        await _hosts.StartServerAsync(
            new ArithService(), new RedisRpcServerOptions
            {
                Url = redis.Url, KeyPrefix = Prefix, InstanceId = "w1",
                ConsumerPruneIdle = TimeSpan.FromSeconds(5)
            });

        HashEntry[] left = await redis.Db.HashGetAllAsync(PresenceKey);
        Assert.Equal(["foreign", "w1"], left.Select(e => (string)e.Name!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pruned_consumer_takes_its_presence_record_with_it()
    {
        string key = $"{Prefix}:cmds:arith";
        await redis.Db.ExecuteAsync("XGROUP", "CREATE", key, "arith", "$", "MKSTREAM");
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", key, "arith", "arith:left");
        await redis.Db.HashSetAsync(
            PresenceKey, "left", new PresenceRecord { Instance = "left", Consumer = "arith:left", BeatAt = long.MaxValue / 2, GoneAfterMs = 1000 }.ToJson());

        await _hosts.StartServerAsync(
            new ArithService(), new RedisRpcServerOptions
            {
                Url = redis.Url, KeyPrefix = Prefix, InstanceId = "w1",
                ConsumerPruneIdle = TimeSpan.FromMilliseconds(2100), BlockTime = TimeSpan.FromMilliseconds(500)
            });

        await Eventually.UntilAsync(async () => !await redis.Db.HashExistsAsync(PresenceKey, "left"), Guard);
        Assert.DoesNotContain(await redis.Db.StreamConsumerInfoAsync(key, "arith"), c => c.Name == "arith:left");
    }

    [Fact]
    public void Presence_timeout_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new RedisRpcServer(new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = Prefix, PresenceTimeout = TimeSpan.Zero }));
    }

    private async Task<PresenceRecord?> RecordAsync(string instance) =>
        await redis.Db.HashGetAsync(PresenceKey, instance) is { IsNull: false } value ? PresenceRecord.TryParse("arith", instance, (byte[])value!) : null;
}
