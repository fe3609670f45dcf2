namespace Clamator.OverRedis;

/// <summary>
/// Serves contracts over Redis Streams (WIRE.md §2): each service reads <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>
/// through the consumer group <c>&lt;service&gt;</c>, so any number of servers form a worker pool; replies go to
/// the caller's reply stream, entries are acknowledged after their reply is written, and entries of crashed
/// workers are reclaimed. Delivery is at least once: handlers should be idempotent.
/// </summary>
/// <param name="options">The settings; validated here (throws <see cref="ArgumentException"/>).</param>
public sealed class RedisRpcServer(RedisRpcServerOptions options)
    : RpcServerCore(new RedisServerTransport(RedisTransportOptions.Validated(options), options.LoggerFor<RedisRpcServer>()), options.ShutdownGrace, options.LoggerFor<RedisRpcServer>(), options.TimeProvider)
{
    /// <summary>The settings.</summary>
    public RedisRpcServerOptions Options { get; } = options;

    /// <summary>Entries acknowledged without running because their <c>deadline</c> had passed, across services.</summary>
    public long DeadlineSkips => RedisTransport.Consumers.Values.Sum(c => c.DeadlineSkips);

    private RedisServerTransport RedisTransport => (RedisServerTransport)Transport;

    /// <summary>Runs one trim of a service's command stream now (tests).</summary>
    internal Task<long> TrimNowAsync(string service) => RedisTransport.Consumers[service].Trimmer.TrimAsync();

    /// <summary>Runs one reclaim pass of a service now (tests).</summary>
    internal Task ReclaimNowAsync(string service) => RedisTransport.Consumers[service].Leases.ReclaimAsync(CancellationToken.None);

    /// <summary>Runs one consumer-pruning pass of a service now (tests).</summary>
    internal Task PruneNowAsync(string service) => RedisTransport.Consumers[service].Pruner.PruneAsync();
}
