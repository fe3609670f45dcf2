using Microsoft.Extensions.Logging;

namespace Clamator.OverMemory;

/// <summary>Serves contracts to <see cref="MemoryRpcClient"/>s on the same <see cref="MemoryBus"/>.</summary>
/// <param name="bus">The bus to serve on.</param>
/// <param name="shutdownGrace">How long stop waits for running handlers; default 5 s.</param>
/// <param name="logger">Where to log; none by default.</param>
/// <param name="timeProvider">The clock; the system clock by default.</param>
public sealed class MemoryRpcServer(MemoryBus bus, TimeSpan? shutdownGrace = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    : RpcServerCore(new MemoryServerTransport(bus ?? throw new ArgumentNullException(nameof(bus))), shutdownGrace, logger, timeProvider);
