using Xunit;

namespace Clamator.Tests;

// xUnit gives a collection's fixture only to tests whose assembly declares the collection, so the Redis deployments
// (tests/Clamator.Testing.Redis) are shared through the collections declared here, one deployment per collection.

/// <summary>The tests that share one redis-server.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}

/// <summary>The tests that share one six-node Redis Cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}

/// <summary>The tests that share one Sentinel deployment (a primary, two replicas, three sentinels).</summary>
[CollectionDefinition(Name)]
public sealed class RedisSentinelCollection : ICollectionFixture<RedisSentinelFixture>
{
    public const string Name = "redis-sentinel";
}
