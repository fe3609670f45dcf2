using System.Globalization;
using Arith;
using Clamator.OverRedis;
using Xunit;
using Xunit.Abstractions;

namespace Clamator.Tests;

/// <summary>
/// Servers and clients configured through Sentinel (a <c>ConfigurationOptions</c> with the sentinels' endpoints and
/// <c>ServiceName</c>) on a primary with two replicas and three sentinels: calls are answered, and after
/// <c>SENTINEL FAILOVER</c> under load every call is answered (a request written to the old primary after the
/// promotion, which the failover loses, is sent again by the client's lost-call audit); the calls go on, the blocking
/// readers are on the new primary and nothing stays pending there.
/// </summary>
[Collection(RedisSentinelCollection.Name)]
public sealed class RedisSentinelFailoverTests(RedisSentinelFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    // The URL is never used: every server and client here is given the Sentinel configuration.
    private readonly TestHosts _hosts = new("redis://unused.invalid", "s");

    private RedisSentinelDeployment Deployment => redis.Deployment;

    private string CommandKey => $"{_hosts.Prefix}:cmds:arith";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task A_server_and_a_client_configured_through_Sentinel_answer_calls_with_their_readers_on_the_primary()
    {
        await _hosts.StartServerAsync(
            new ArithService(), new() { Configuration = Deployment.Configuration(), KeyPrefix = _hosts.Prefix, InstanceId = _hosts.Prefix + "-owner" });
        RedisRpcClient client = await _hosts.StartClientAsync(
            new() { Configuration = Deployment.Configuration(), KeyPrefix = _hosts.Prefix, InstanceId = _hosts.Prefix + "-caller" });

        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 })).Sum);

        int primary = await Deployment.PrimaryPortAsync();
        Assert.Equal([primary], await PortsOfClientAsync($"clamator:arith:{_hosts.Prefix}-owner"));
        Assert.Equal([primary], await PortsOfClientAsync($"clamator:replies:{_hosts.Prefix}-caller"));
    }

    [Fact]
    public async Task Sentinel_failover_under_load_answers_every_call_and_the_readers_follow_the_new_primary()
    {
        var first = new ArithService();
        var second = new ArithService();
        await _hosts.StartServerAsync(first, ServerOptions("-one"));
        await _hosts.StartServerAsync(second, ServerOptions("-two"));
        var events = new LogEventCounter();
        RedisRpcClient client = await _hosts.StartClientAsync(new()
        {
            Configuration = Deployment.Configuration(),
            LoggerFactory = events,
            KeyPrefix = _hosts.Prefix,
            InstanceId = _hosts.Prefix + "-caller",
            DefaultTimeout = TimeSpan.FromSeconds(30),
        });

        // Sentinel replicates asynchronously: a request written to the old primary after the promotion is gone once it
        // is demoted; the lost-call audit sends it again after the reconnect. Any failure (call lost, call timeout)
        // ends a caller and fails the test.
        var load = new CallersUnderLoad(client);
        await load.AnsweredAsync(200, Guard);
        int old = await Deployment.PrimaryPortAsync();
        int promoted = await Deployment.FailoverAsync();
        await load.AnsweredAsync(200, Guard);
        await load.StopAsync(Guard);
        int answered = load.Answered;

        // 2020: requests the failover lost, sent again (each answered, as every call is).
        output.WriteLine($"{answered} answered; {events.Count(2020)} audits sent lost requests again; {events.Count(2019)} failed calls as lost");
        Assert.Equal(0, events.Count(2019));
        Assert.NotEqual(old, promoted);
        Assert.Equal(promoted, await Deployment.PrimaryPortAsync());
        Assert.True(first.Handled + second.Handled >= answered, $"{answered} answered but {first.Handled + second.Handled} handled");
        await Eventually.UntilAsync(async () => await PendingOnAsync(promoted) == 0, Guard);

        // A closed reader's connection leaves CLIENT LIST a moment after it is closed: wait for it.
        await Eventually.UntilAsync(
            async () => (await PortsOfClientAsync($"clamator:arith:{_hosts.Prefix}-")).SequenceEqual([promoted, promoted])
                && (await PortsOfClientAsync($"clamator:replies:{_hosts.Prefix}-caller")).SequenceEqual([promoted]),
            Guard);
    }

    private RedisRpcServerOptions ServerOptions(string suffix) => new()
    {
        Configuration = Deployment.Configuration(),
        KeyPrefix = _hosts.Prefix,
        InstanceId = _hosts.Prefix + suffix,
        MaxConcurrency = 8,

        // An acknowledgement written to the old primary after the promotion is lost too: its entry stays pending on
        // the new primary until it is reclaimed (and answered again, a duplicate the client drops).
        ConsumerClaimIdle = TimeSpan.FromSeconds(5),
    };

    /// <summary><c>XPENDING</c> of this test's command stream on the node at <paramref name="port"/>.</summary>
    private async Task<long> PendingOnAsync(int port) =>
        long.Parse((await RedisCluster.Cli(port, "XPENDING", CommandKey, "arith")).Split('\n')[0], CultureInfo.InvariantCulture);

    /// <summary>The ports of the data nodes where a connection whose name starts with <paramref name="namePrefix"/> is open.</summary>
    private async Task<List<int>> PortsOfClientAsync(string namePrefix)
    {
        var ports = new List<int>();
        foreach (int port in Deployment.ServerPorts)
        {
            string clients = await RedisCluster.Cli(port, "CLIENT", "LIST");
            ports.AddRange(clients.Split('\n').Where(l => l.Contains($" name={namePrefix}", StringComparison.Ordinal)).Select(_ => port));
        }

        return ports;
    }
}
