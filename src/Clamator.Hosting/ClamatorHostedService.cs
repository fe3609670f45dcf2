using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clamator.Hosting;

/// <summary>
/// Runs the backends with the host: clients start before any hosted service starts (so those can call) and stop after
/// all have stopped; servers start with the hosted services and stop (draining running handlers) within the host's shutdown.
/// </summary>
internal sealed class ClamatorHostedService(ClamatorBackends backends, ILogger<ClamatorHostedService>? logger = null) : IHostedLifecycleService
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (ClamatorBackend backend in backends.All.Where(b => b.HasClient))
        {
            await backend.StartClientAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.ClientStarted(_logger, backend.Label, backend.Transport);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ClamatorBackend backend in backends.All.Where(b => b.HasServer))
        {
            await backend.StartServerAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.ServerStarted(_logger, backend.Label, backend.Transport);
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(backends.All.Where(b => b.HasServer).Select(async backend =>
        {
            await backend.StopServerAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.ServerStopped(_logger, backend.Label);
        }));

    public Task StoppedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(backends.All.Where(b => b.HasClient).Select(async backend =>
        {
            await backend.StopClientAsync(cancellationToken).ConfigureAwait(false);
            HostingLog.ClientStopped(_logger, backend.Label);
        }));
}
