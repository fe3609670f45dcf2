using System.Diagnostics.Metrics;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The pipeline suite over Redis Streams: the trace context crosses the hop in the request entry.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisPipelineTests(RedisFixture redis) : PipelineComplianceTests
{
    private readonly string _prefix = "pl" + Guid.NewGuid().ToString("N")[..12];

    protected override IRpcServer NewServer(IMeterFactory meters) =>
        new RedisRpcServer(new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = _prefix, MeterFactory = meters });

    protected override IRpcClient NewClient(IMeterFactory meters) =>
        new RedisRpcClient(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = _prefix, MeterFactory = meters });
}
