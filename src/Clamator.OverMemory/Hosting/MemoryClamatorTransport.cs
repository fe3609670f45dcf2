using System.Diagnostics.Metrics;
using Clamator.Hosting;
using Clamator.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clamator.OverMemory;

/// <summary>Runs one Clamator.Hosting backend in process, on a <see cref="MemoryBus"/> of its own, from <see cref="ClamatorMemoryOptions"/>.</summary>
internal sealed class MemoryClamatorTransport(string backend, IServiceProvider services) : ClamatorTransport
{
    private readonly MemoryBus _bus = new();

    public override IRpcServer CreateServer()
    {
        ClamatorMemoryOptions options = Options();
        return new MemoryRpcServer(
            _bus,
            options.ShutdownGrace,
            services.GetService<ILoggerFactory>()?.CreateLogger<MemoryRpcServer>(),
            services.GetService<TimeProvider>(),
            services.GetService<IMeterFactory>(),
            new RpcServerLimits { MaxConcurrency = options.MaxConcurrency, MaxEnvelopeBytes = options.MaxEnvelopeBytes });
    }

    public override IRpcClient CreateClient() =>
        new MemoryRpcClient(_bus, Options().DefaultTimeout, services.GetService<TimeProvider>(), services.GetService<IMeterFactory>());

    private ClamatorMemoryOptions Options() => services.GetRequiredService<IOptionsMonitor<ClamatorMemoryOptions>>().Get(backend);
}
