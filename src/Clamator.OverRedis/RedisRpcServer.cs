using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clamator.OverRedis;

/// <summary>
/// Serves contracts over Redis Streams (WIRE.md §2): each service reads <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>
/// through the consumer group <c>&lt;service&gt;</c>, so any number of servers form a worker pool; replies go to
/// the caller's reply stream, entries are acknowledged after their reply is written, and entries of crashed
/// workers are reclaimed. Delivery is at least once: handlers should be idempotent.
/// </summary>
public sealed class RedisRpcServer : IRpcServer
{
    private readonly RpcServerCore _core;
    private readonly RedisServerTransport _transport;

    /// <summary>Creates a server; validates <paramref name="options"/> (throws <see cref="ArgumentException"/>).</summary>
    public RedisRpcServer(RedisRpcServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        ILogger logger = options.LoggerFactory?.CreateLogger<RedisRpcServer>() ?? NullLogger<RedisRpcServer>.Instance;
        _transport = new RedisServerTransport(options, logger);
        _core = new RpcServerCore(_transport, options.ShutdownGrace, logger, options.TimeProvider);
        Options = options;
    }

    /// <summary>The settings.</summary>
    public RedisRpcServerOptions Options { get; }

    /// <summary>The number of envelopes being dispatched now.</summary>
    public int InFlight => _core.InFlight;

    /// <summary>Entries acknowledged without running because their <c>deadline</c> had passed, across services.</summary>
    public long DeadlineSkips => _transport.Consumers.Values.Sum(c => c.DeadlineSkips);

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class => _core.RegisterService(contract, implementation);

    /// <inheritdoc />
    /// <exception cref="ClamatorTransportException">Redis cannot be reached.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => _core.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => _core.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Runs one trim of a service's command stream now (tests).</summary>
    internal Task TrimNowAsync(string service) => _transport.Consumers[service].TrimAsync();
}
