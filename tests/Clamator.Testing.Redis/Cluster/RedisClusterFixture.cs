using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>One six-node Redis Cluster shared by a test collection; tests isolate themselves with their own key prefix.</summary>
public sealed class RedisClusterFixture : IAsyncLifetime, IRedisUnderTest
{
    private RedisCluster? _cluster;
    private ConnectionMultiplexer? _connection;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public string Url => Cluster.Url;

    /// <summary>A plain cluster connection for playing a foreign peer with raw commands.</summary>
    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The cluster is not started.");

    public IDatabase Db => Connection.GetDatabase();

    public IReadOnlyList<int> NodePorts => Cluster.Ports;

    public async Task InitializeAsync()
    {
        _cluster = await RedisCluster.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_cluster.Ports[0]},abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.CloseAsync();
            _connection.Dispose();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
