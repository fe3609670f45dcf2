using Clamator.Transport;

namespace Clamator.OverRedis;

/// <summary>
/// Serves contracts over Redis Streams (docs/protocol.md §5, §6): each service reads <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>
/// through the consumer group <c>&lt;service&gt;</c>, so any number of servers form a worker pool; replies go to
/// the caller's reply stream, entries are acknowledged after their reply is written, and entries of crashed
/// workers are reclaimed. Delivery is at least once: handlers should be idempotent.
/// </summary>
public sealed class RedisRpcServer : IRpcServer
{
    private readonly RedisServerTransport _transport;
    private readonly RpcServerCore _core;

    /// <summary>Creates a server; nothing connects before <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; validated here (throws <see cref="ArgumentException"/>).</param>
    public RedisRpcServer(RedisRpcServerOptions options)
    {
        options = RedisTransportOptions.Validated(options);
        Options = options;
        _transport = new RedisServerTransport(options, options.LoggerFor<RedisRpcServer>());
        _core = new RpcServerCore(
            _transport,
            options.ShutdownGrace,
            options.LoggerFor<RedisRpcServer>(),
            options.TimeProvider,
            options.MeterFactory,
            new RpcServerLimits { MaxConcurrency = options.MaxConcurrency, MaxEnvelopeBytes = options.MaxEnvelopeBytes });
    }

    /// <summary>The settings: a copy of those given, taken when they were validated.</summary>
    public RedisRpcServerOptions Options { get; }

    /// <summary>
    /// Sends <c>PING</c> to Redis on this server's shared connection and returns the round trip (for health checks).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="ClamatorTransportException">The server has not started, or Redis does not answer.</exception>
    public Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default) => _transport.Connections.PingAsync(cancellationToken);

    /// <summary>Requests being handled now.</summary>
    public int InFlight => _core.InFlight;

    /// <summary>Entries acknowledged without running because their <c>deadline</c> had passed, across services.</summary>
    public long DeadlineSkips => _transport.Consumers.Values.Sum(c => c.DeadlineSkips);

    /// <summary>
    /// How each served service is doing, from what this server last observed (no I/O): its group's pending entries and
    /// lag, and its failing loops. Empty before <see cref="StartAsync"/>.
    /// </summary>
    /// <returns>One status per registered service.</returns>
    public IReadOnlyList<RedisServiceStatus> GetServiceStatus() => _transport.Status();

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class => _core.RegisterService(contract, implementation);

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, Func<RpcCallContext, TService> factory)
        where TService : class => _core.RegisterService(contract, factory);

    /// <inheritdoc />
    public void AddInterceptor(IRpcInterceptor interceptor) => _core.AddInterceptor(interceptor);

    /// <summary>How the start goes: whether it waits for Redis and why the latest attempt failed (Clamator.Hosting's health, tests).</summary>
    internal StartupWait Startup => _transport.Startup;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _core.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => _core.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Runs one trim of a service's command stream now (tests).</summary>
    internal Task<long> TrimNowAsync(string service) => _transport.Consumers[service].Trimmer.TrimAsync();

    /// <summary>Runs one reclaim pass of a service now (tests).</summary>
    internal Task ReclaimNowAsync(string service) => _transport.Consumers[service].Maintenance.ReclaimAsync(CancellationToken.None);

    /// <summary>Runs one consumer-pruning pass of a service now (tests).</summary>
    internal Task PruneNowAsync(string service) => _transport.Consumers[service].Pruner.PruneAsync();
}
