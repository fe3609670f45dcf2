using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>What every part of one service's consumer shares: its names and keys, settings, connection and log.</summary>
internal sealed class ConsumerContext
{
    private readonly RedisConnections _connections;

    private readonly List<LoopRunner> _loops = [];

    public ConsumerContext(string service, RedisRpcServerOptions options, RedisConnections connections, ILogger logger, TransportMetrics metrics)
    {
        Service = service;
        Key = RedisKeys.Commands(options.KeyPrefix, service);
        Consumer = RedisKeys.Consumer(service, options.InstanceId);
        DeadKey = RedisKeys.Dead(options.KeyPrefix, service);
        PresenceKey = RedisKeys.Presence(options.KeyPrefix, service);
        RepliesPrefix = RedisKeys.RepliesPrefix(options.KeyPrefix);
        Options = options;
        Schedule = LeaseSchedule.For(options);
        Logger = logger;
        Metrics = metrics;
        _connections = connections;
        ReplyTtl = new ReplyTtlRefresh(options.ReplyStreamTtl, options.TimeProvider);
    }

    /// <summary>The service; also the consumer group's name.</summary>
    public string Service { get; }

    /// <summary>The command stream, <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>.</summary>
    public string Key { get; }

    /// <summary>This server's consumer name, <c>&lt;service&gt;:&lt;instanceId&gt;</c>.</summary>
    public string Consumer { get; }

    /// <summary>The dead-letter stream, <c>&lt;prefix&gt;:dead:&lt;service&gt;</c>.</summary>
    public string DeadKey { get; }

    /// <summary>The presence hash of the service's servers, <c>&lt;prefix&gt;:presence:&lt;service&gt;</c>.</summary>
    public string PresenceKey { get; }

    /// <summary>Replies are written only to keys starting with this, <c>&lt;prefix&gt;:replies:</c>.</summary>
    public string RepliesPrefix { get; }

    public RedisRpcServerOptions Options { get; }

    public LeaseSchedule Schedule { get; }

    public ILogger Logger { get; }

    public TransportMetrics Metrics { get; }

    /// <summary>The loops made by <see cref="Loop"/>, for the health of the service.</summary>
    public IReadOnlyList<LoopRunner> Loops
    {
        get
        {
            lock (_loops)
            {
                return [.. _loops];
            }
        }
    }

    public TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>The shared, pipelined connection for every command but the blocking read.</summary>
    public IDatabase Database => _connections.Database;

    /// <summary>When a reply stream's TTL slides forward (Redis 7+).</summary>
    public ReplyTtlRefresh ReplyTtl { get; }

    /// <summary>The condition of the <c>EXPIRE</c> sent with every reply.</summary>
    public ExpireWhen ReplyExpiry => _connections.ReplyExpiry;

    /// <summary>A loop of this service, counted in <c>clamator.redis.loop_restarts</c> and listed in <see cref="Loops"/>.</summary>
    public LoopRunner Loop(string name)
    {
        var loop = new LoopRunner(name, Key, Logger, Options.MaxRetryDelay, Options.TimeProvider, l => Metrics.LoopRestarted(l, Service));
        lock (_loops)
        {
            _loops.Add(loop);
        }

        return loop;
    }
}
