using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Maps <see cref="ClamatorRedisOptions"/> (and what dependency injection provides) to the transport's init-only options.</summary>
internal static class RedisOptionsMapping
{
    public static RedisRpcServerOptions Server(ClamatorRedisOptions o, IConnectionMultiplexer? connection, IServiceProvider? services) => new()
    {
        KeyPrefix = o.KeyPrefix!,
        InstanceId = o.InstanceId ?? Guid.NewGuid().ToString("D"),
        Url = o.Url,
        Connection = o.Url is null ? connection : null,
        BlockTime = o.BlockTime,
        ReplyStreamTtl = o.ReplyStreamTtl,
        MaxRetryDelay = o.MaxRetryDelay,
        WaitForRedis = true,
        LoggerFactory = services?.GetService<ILoggerFactory>(),
        TimeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System,
        MeterFactory = services?.GetService<IMeterFactory>(),
        ReplyStreamMaxLength = o.ReplyStreamMaxLength,
        ConsumerClaimIdle = o.ConsumerClaimIdle,
        ShutdownGrace = o.ShutdownGrace,
        BatchSize = o.BatchSize,
        MaxConcurrency = o.MaxConcurrency,
        MaxEnvelopeBytes = o.MaxEnvelopeBytes,
        MaxDeliveries = o.MaxDeliveries,
        ConsumerPruneIdle = o.ConsumerPruneIdle,
        DeadLetterMaxLength = o.DeadLetterMaxLength,
        PresenceTimeout = o.PresenceTimeout,
    };

    public static RedisRpcClientOptions Client(ClamatorRedisOptions o, IConnectionMultiplexer? connection, IServiceProvider? services) => new()
    {
        KeyPrefix = o.KeyPrefix!,
        InstanceId = o.InstanceId ?? Guid.NewGuid().ToString("D"),
        Url = o.Url,
        Connection = o.Url is null ? connection : null,
        BlockTime = o.BlockTime,
        ReplyStreamTtl = o.ReplyStreamTtl,
        MaxRetryDelay = o.MaxRetryDelay,
        WaitForRedis = true,
        LoggerFactory = services?.GetService<ILoggerFactory>(),
        TimeProvider = services?.GetService<TimeProvider>() ?? TimeProvider.System,
        MeterFactory = services?.GetService<IMeterFactory>(),
        DefaultTimeout = o.DefaultTimeout,
        ReplyBatchSize = o.ReplyBatchSize,
    };

}
