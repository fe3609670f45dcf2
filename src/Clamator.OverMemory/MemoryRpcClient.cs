namespace Clamator.OverMemory;

/// <summary>Calls services served by <see cref="MemoryRpcServer"/>s on the same <see cref="MemoryBus"/>.</summary>
/// <param name="bus">The bus to call on.</param>
/// <param name="defaultTimeout">The timeout of calls that give none; default 30 s.</param>
/// <param name="timeProvider">The clock for timeouts; the system clock by default.</param>
public sealed class MemoryRpcClient(MemoryBus bus, TimeSpan? defaultTimeout = null, TimeProvider? timeProvider = null)
    : RpcClientCore(new MemoryClientTransport(bus ?? throw new ArgumentNullException(nameof(bus))), defaultTimeout, timeProvider);
