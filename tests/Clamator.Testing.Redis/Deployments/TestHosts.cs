using Arith;
using Clamator.OverRedis;

namespace Clamator.Tests;

/// <summary>
/// The servers, clients and processes one test starts, disposed in reverse order when it ends, on a key prefix of its
/// own (<paramref name="tag"/> and a random suffix), so tests sharing one redis-server never meet.
/// </summary>
public sealed class TestHosts(string url, string tag) : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public string Prefix { get; } = tag + Guid.NewGuid().ToString("N")[..12];

    public T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Starts a server for <c>arith</c> with <paramref name="options"/> (by default: this Redis, this prefix).</summary>
    public async Task<RedisRpcServer> StartServerAsync(IArithService arith, RedisRpcServerOptions? options = null)
    {
        RedisRpcServer server = Own(new RedisRpcServer(options ?? new RedisRpcServerOptions { Url = url, KeyPrefix = Prefix }));
        server.RegisterService(ArithContract.Contract, arith);
        await server.StartAsync();
        return server;
    }

    public async Task<RedisRpcClient> StartClientAsync(RedisRpcClientOptions? options = null)
    {
        RedisRpcClient client = Own(new RedisRpcClient(options ?? new RedisRpcClientOptions { Url = url, KeyPrefix = Prefix }));
        await client.StartAsync();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
    }
}
