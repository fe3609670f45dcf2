using System.Diagnostics.Metrics;
using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator.OverMemory;

/// <summary>Serves contracts to <see cref="MemoryRpcClient"/>s on the same <see cref="MemoryBus"/>.</summary>
public sealed class MemoryRpcServer : IRpcServer
{
    private readonly RpcServerCore _core;
    private readonly MemoryServerTransport _transport;

    /// <summary>Creates a server on <paramref name="bus"/>.</summary>
    /// <param name="bus">The bus to serve on.</param>
    /// <param name="shutdownGrace">How long stop waits for running handlers; default 5 s.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    /// <param name="meterFactory">Creates the <c>Clamator</c> meter (DI's, when there is one).</param>
    /// <param name="limits">Handler slots per service and envelope size; <see cref="RpcServerLimits.Default"/> (1 slot, 1 MiB) by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit or the grace period is out of range.</exception>
    public MemoryRpcServer(
        MemoryBus bus, TimeSpan? shutdownGrace = null, ILogger? logger = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null,
        RpcServerLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _transport = new MemoryServerTransport(bus);
        _core = new RpcServerCore(_transport, shutdownGrace, logger, timeProvider, meterFactory, limits);
    }

    /// <summary>Requests being handled now.</summary>
    public int InFlight => _core.InFlight;

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class => _core.RegisterService(contract, implementation);

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, Func<RpcCallContext, TService> factory)
        where TService : class => _core.RegisterService(contract, factory);

    /// <inheritdoc />
    public void AddInterceptor(IRpcInterceptor interceptor) => _core.AddInterceptor(interceptor);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _core.StartAsync(cancellationToken);

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _core.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_core.InFlight == 0)
        {
            // Drained: the replies of the calls it ran are being handed to their callers; the stop returns once they have
            // been (a handler left running past the grace period is not waited for).
            await _transport.WhenHandedBackAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
