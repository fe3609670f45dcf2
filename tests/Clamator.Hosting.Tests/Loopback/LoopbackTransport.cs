using System.Diagnostics.Metrics;
using Clamator.Hosting;
using Clamator.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clamator.Tests.Loopback;

/// <summary>A third transport, for tests, plugged into Clamator.Hosting through its public seam alone: the cores over channels.</summary>
internal sealed class LoopbackTransport(LoopbackNetwork network, string backend, IServiceProvider services) : ClamatorTransport, IAsyncDisposable
{
    private IRpcServer? _server;
    private LoopbackStartup? _startup;

    public override IRpcServer CreateServer()
    {
        var transport = new LoopbackServerTransport(network);
        var server = new RpcServerCore(
            transport,
            Options().ShutdownGrace,
            services.GetService<ILoggerFactory>()?.CreateLogger<LoopbackTransport>(),
            services.GetService<TimeProvider>(),
            services.GetService<IMeterFactory>());
        _startup = transport.Startup;
        return _server = server;
    }

    public override IStartupWait? StartupOf(IRpcServer server) => server == _server ? _startup : null;

    public override IRpcClient CreateClient() =>
        new RpcClientCore(new LoopbackClientTransport(network), Options().DefaultTimeout, services.GetService<TimeProvider>(),
        services.GetService<IMeterFactory>());

    public override Task<ClamatorTransportHealth> CheckHealthAsync(ClamatorHealthContext context, CancellationToken cancellationToken)
    {
        network.LastProbe = context;
        context.Data[context.Backend + ".loopback"] = true;
        return Task.FromResult(network.Health);
    }

    public ValueTask DisposeAsync()
    {
        network.TransportDisposed();
        return ValueTask.CompletedTask;
    }

    private LoopbackOptions Options() => services.GetRequiredService<IOptionsMonitor<LoopbackOptions>>().Get(backend);
}
