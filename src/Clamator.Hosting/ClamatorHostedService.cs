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
            await backend.StartClientAsync(_logger, cancellationToken).ConfigureAwait(false);
            LogStart(backend, "client", backend.ClientRunning, backend.ClientWaiting);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ClamatorBackend backend in backends.All.Where(b => b.HasServer))
        {
            await backend.StartServerAsync(_logger, cancellationToken).ConfigureAwait(false);
            LogStart(backend, "server", backend.ServerRunning, backend.ServerWaiting);
        }
    }

    /// <summary>Started, or still waiting for its broker in the background (the host goes on); a start that failed for good is logged where it fails.</summary>
    private void LogStart(ClamatorBackend backend, string role, bool running, ClamatorTransportException? waiting)
    {
        if (running && role == "client")
        {
            HostingLog.ClientStarted(_logger, backend.Label, backend.Transport);
        }
        else if (running)
        {
            HostingLog.ServerStarted(_logger, backend.Label, backend.Transport);
        }
        else if (waiting is not null)
        {
            HostingLog.WaitingForBroker(_logger, backend.Label, role, backend.Transport, waiting.Message);
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
