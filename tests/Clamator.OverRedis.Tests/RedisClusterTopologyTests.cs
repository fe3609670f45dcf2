using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Topology changes under load on a six-node cluster: a manual failover of the shard that owns a service's stream,
/// and moving that stream's slot to another primary. Every call is answered (at-least-once may run one twice), the
/// blocking readers follow the stream to its new primary, and nothing stays pending.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTopologyTests(RedisClusterFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TestHosts _hosts = new(redis.Url, "k");

    private string CommandKey => $"{_hosts.Prefix}:cmds:arith";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task Readers_connect_to_the_primary_that_owns_their_stream()
    {
        RedisRpcServer server = await _hosts.StartServerAsync(
            new ArithService(), new() { Url = redis.Url, KeyPrefix = _hosts.Prefix, InstanceId = _hosts.Prefix + "-owner" });
        RedisRpcClient client = await _hosts.StartClientAsync(new() { Url = redis.Url, KeyPrefix = _hosts.Prefix, InstanceId = _hosts.Prefix + "-caller" });
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 })).Sum);

        Assert.Equal([await redis.Cluster.PrimaryOfAsync(CommandKey)], await PortsOfClientAsync($"clamator:arith:{_hosts.Prefix}-owner"));
        Assert.Equal([await redis.Cluster.PrimaryOfAsync(client.ReplyStreamKey)], await PortsOfClientAsync($"clamator:replies:{_hosts.Prefix}-caller"));
    }

    [Fact]
    public async Task Cluster_failover_of_the_shard_owning_the_stream_under_load_loses_no_call_and_leaves_nothing_pending() =>
        await UnderLoadAsync(() => redis.Cluster.FailoverShardOfAsync(CommandKey));

    [Fact]
    public async Task Moving_the_streams_slot_to_another_primary_under_load_loses_no_call_and_leaves_nothing_pending() =>
        await UnderLoadAsync(() => redis.Cluster.MoveSlotOfAsync(CommandKey));

    private async Task UnderLoadAsync(Func<Task<int>> change)
    {
        var first = new ArithService();
        var second = new ArithService();
        await _hosts.StartServerAsync(first, new() { Url = redis.Url, KeyPrefix = _hosts.Prefix, InstanceId = _hosts.Prefix + "-one", MaxConcurrency = 8 });
        await _hosts.StartServerAsync(second, new() { Url = redis.Url, KeyPrefix = _hosts.Prefix, InstanceId = _hosts.Prefix + "-two", MaxConcurrency = 8 });
        RedisRpcClient client = await _hosts.StartClientAsync(new() { Url = redis.Url, KeyPrefix = _hosts.Prefix, DefaultTimeout = TimeSpan.FromSeconds(30) });

        var load = new CallersUnderLoad(client);
        await load.AnsweredAsync(200, Guard);
        int newOwner = await change();
        await load.AnsweredAsync(200, Guard);
        await load.StopAsync(Guard);
        int answered = load.Answered;

        Assert.Equal(newOwner, await redis.Cluster.PrimaryOfAsync(CommandKey));
        Assert.True(first.Handled + second.Handled >= answered);
        await Eventually.UntilAsync(async () => (await redis.Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount == 0, Guard);
        Assert.Equal(new[] { newOwner, newOwner }, await PortsOfClientAsync($"clamator:arith:{_hosts.Prefix}-"));
    }

    /// <summary>The ports of the nodes where a connection whose name starts with <paramref name="namePrefix"/> is open.</summary>
    private async Task<List<int>> PortsOfClientAsync(string namePrefix)
    {
        var ports = new List<int>();
        foreach (int port in redis.Cluster.Ports)
        {
            string clients = await RedisCluster.Cli(port, "CLIENT", "LIST");
            ports.AddRange(clients.Split('\n').Where(l => l.Contains($" name={namePrefix}", StringComparison.Ordinal)).Select(_ => port));
        }

        return ports;
    }
}
