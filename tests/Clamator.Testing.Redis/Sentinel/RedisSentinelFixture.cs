using Xunit;

namespace Clamator.Tests;

/// <summary>One Sentinel deployment shared by a test collection; tests isolate themselves with their own key prefix.</summary>
public sealed class RedisSentinelFixture : IAsyncLifetime
{
    private RedisSentinelDeployment? _deployment;

    public RedisSentinelDeployment Deployment => _deployment ?? throw new InvalidOperationException("The Sentinel deployment is not started.");

    public async Task InitializeAsync()
    {
        // StackExchange.Redis switches a Sentinel-managed connection with blocking waits on thread-pool threads (three
        // multiplexers here: two servers and a client). With the default minimum (one thread per core) the pool
        // starves for tens of seconds during a failover and every call times out; applications need the same.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        _deployment = await RedisSentinelDeployment.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }
}
