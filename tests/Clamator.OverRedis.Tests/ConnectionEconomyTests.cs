using Arith;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The connections a process holds (docs/scaling.md, "Connections"): per owned multiplexer one socket to each node, plus one
/// blocking socket per served service and one per client; nothing else.
/// </summary>
public sealed class ConnectionEconomyTests
{
    [Fact]
    public async Task A_server_with_two_services_holds_three_connections_and_a_client_two()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using var hosts = new TestHosts(redis.Url, "c");
        RedisRpcServer server = hosts.Own(new RedisRpcServer(new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = hosts.Prefix }));
        server.RegisterService(ArithContract.Contract, new ArithService());
        server.RegisterService(NotificationsContract.Contract, new NotificationsService());
        await server.StartAsync();
        Assert.Equal(3, await ConnectionsAsync(redis.Port));

        RedisRpcClient client = await hosts.StartClientAsync();
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 })).Sum);
        Assert.Equal(5, await ConnectionsAsync(redis.Port));
    }

    /// <summary>Client connections Redis has open, not counting the one asking.</summary>
    private static async Task<int> ConnectionsAsync(int port) =>
        (await RedisCluster.Cli(port, "CLIENT", "LIST")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
}
