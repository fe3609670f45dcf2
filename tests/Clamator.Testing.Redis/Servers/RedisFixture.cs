using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>One redis-server shared by a test collection; tests isolate themselves with their own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime, IRedisUnderTest
{
    private RedisServerProcess? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Redis is not started.");

    public string Url => Server.Url;

    /// <summary>A plain connection for playing a foreign peer with raw commands.</summary>
    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Redis is not started.");

    public IDatabase Db => Connection.GetDatabase();

    public IReadOnlyList<int> NodePorts => [Server.Port];

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_server.Port},abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.CloseAsync();
            _connection.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
