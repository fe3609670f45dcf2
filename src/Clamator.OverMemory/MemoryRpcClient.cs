using System.Diagnostics.Metrics;
using System.Text.Json;
using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>Calls services served by <see cref="MemoryRpcServer"/>s on the same <see cref="MemoryBus"/>.</summary>
public sealed class MemoryRpcClient : IRpcClient
{
    private readonly RpcClientCore _core;

    /// <summary>Creates a client on <paramref name="bus"/>.</summary>
    /// <param name="bus">The bus to call on.</param>
    /// <param name="defaultTimeout">The timeout of calls that give none; default 30 s.</param>
    /// <param name="timeProvider">The clock for timeouts; the system clock by default.</param>
    /// <param name="meterFactory">Creates the <c>Clamator</c> meter (DI's, when there is one).</param>
    public MemoryRpcClient(MemoryBus bus, TimeSpan? defaultTimeout = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _core = new RpcClientCore(new MemoryClientTransport(bus), defaultTimeout, timeProvider, meterFactory);
    }

    /// <inheritdoc />
    public void AddInterceptor(IRpcInterceptor interceptor) => _core.AddInterceptor(interceptor);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _core.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => _core.StopAsync(cancellationToken);

    /// <inheritdoc />
    public Task<TResult> CallAsync<TParams, TResult>(
        RpcMethod<TParams, TResult> method, TParams parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _core.CallAsync(method, parameters, timeout, cancellationToken);

    /// <inheritdoc />
    public Task NotifyAsync<TParams>(RpcNotification<TParams> notification, TParams parameters, CancellationToken cancellationToken = default) =>
        _core.NotifyAsync(notification, parameters, cancellationToken);

    /// <inheritdoc />
    public Task<JsonElement> CallAsync(string method, JsonElement parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _core.CallAsync(method, parameters, timeout, cancellationToken);

    /// <inheritdoc />
    public Task NotifyAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default) =>
        _core.NotifyAsync(method, parameters, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
