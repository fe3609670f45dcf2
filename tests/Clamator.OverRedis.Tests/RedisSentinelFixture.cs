using Xunit;

namespace Clamator.Tests;

/// <summary>One Sentinel deployment shared by a test collection; tests isolate themselves with their own key prefix.</summary>
public sealed class RedisSentinelFixture : IAsyncLifetime
{
    private RedisSentinelDeployment? _deployment;

    public RedisSentinelDeployment Deployment => _deployment ?? throw new InvalidOperationException("The Sentinel deployment is not started.");

    public async Task InitializeAsync() => _deployment = await RedisSentinelDeployment.StartAsync();

    public async Task DisposeAsync()
    {
        if (_deployment is not null)
        {
            await _deployment.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisSentinelCollection : ICollectionFixture<RedisSentinelFixture>
{
    public const string Name = "redis-sentinel";
}
