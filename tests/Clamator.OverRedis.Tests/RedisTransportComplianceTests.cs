using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The transport behaviour suite over the Redis at <paramref name="url"/>, on a key prefix of its own.</summary>
public abstract class RedisTransportSuite(string url) : TransportComplianceTests
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    protected override IRpcServer NewServer(TimeSpan? shutdownGrace = null, Transport.RpcServerLimits? limits = null) =>
        new RedisRpcServer(new RedisRpcServerOptions
        {
            Url = url,
            KeyPrefix = _prefix,
            ShutdownGrace = shutdownGrace ?? TimeSpan.FromSeconds(5),
            MaxConcurrency = limits?.MaxConcurrency ?? 1,
            MaxEnvelopeBytes = limits?.MaxEnvelopeBytes ?? Transport.RpcServerLimits.Default.MaxEnvelopeBytes,
        });

    protected override IRpcClient NewClient(TimeSpan? defaultTimeout = null) => new RedisRpcClient(new RedisRpcClientOptions
    {
        Url = url,
        KeyPrefix = _prefix,
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(30),
    });
}

/// <summary>The transport behaviour suite over a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisTransportComplianceTests(RedisFixture redis) : RedisTransportSuite(redis.Url);

/// <summary>The transport behaviour suite over a six-node Redis Cluster (three primaries, a replica each), the server and client pointed at one node.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTransportComplianceTests(RedisClusterFixture redis) : RedisTransportSuite(redis.Url);
