using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clamator.Hosting;

/// <summary>
/// Healthy when every backend's server and client have started and its transport's probe
/// (<see cref="ClamatorTransport.CheckHealthAsync"/>) finds nothing wrong; otherwise the registration's failure status, with
/// the reason (a backend still waiting for its broker says why), or Degraded with the probe's reasons. Answers within
/// <paramref name="bound"/>: a probe that has not answered by then counts as not answering.
/// </summary>
internal sealed class ClamatorHealthCheck(ClamatorBackends backends, TimeSpan bound) : IHealthCheck
{
    /// <summary>How long the check waits for the transports' probes at most, unless <c>AddClamator(timeout: …)</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(bound);
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        List<string> degraded = [];
        foreach (ClamatorBackend backend in backends.All)
        {
            string label = backend.Label;
            if (NotRunning(backend, label) is { } reason)
            {
                return Failed(context, reason.Description, reason.Exception, data);
            }

            ClamatorTransportHealth probed;
            try
            {
                probed = await backend.CheckHealthAsync(bound, data, bounded.Token).ConfigureAwait(false);
            }
            catch (ClamatorTransportException ex)
            {
                return Failed(context, $"Clamator backend '{label}': {ex.Message}", ex, data);
            }
            catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Failed(context, $"Clamator backend '{label}': its {backend.Transport} transport does not answer within {bound.TotalSeconds:0.#} s.",
                    null, data);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (probed.Down is { } down)
            {
                return Failed(context, down, probed.Exception, data);
            }

            degraded.AddRange(probed.Degraded);
        }

        return degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join(" ", degraded), data: data)
            : HealthCheckResult.Healthy("Clamator backends are running.", data);
    }

    private static (string Description, Exception? Exception)? NotRunning(ClamatorBackend backend, string label)
    {
        if (backend.HasServer && !backend.ServerRunning)
        {
            return backend.ServerWaiting is { } waiting
                ? ($"Clamator backend '{label}': the server is waiting for {backend.Transport}: {waiting.Message}", waiting)
                : backend.ServerFailure is { } failure ? ($"Clamator backend '{label}': the server could not start: {failure.Message}", failure)
                : ($"Clamator backend '{label}': the server is not running.", null);
        }

        if (backend.HasClient && !backend.ClientRunning)
        {
            return backend.ClientWaiting is { } waiting
                ? ($"Clamator backend '{label}': the client is waiting for {backend.Transport}: {waiting.Message}", waiting)
                : backend.ClientFailure is { } failure ? ($"Clamator backend '{label}': the client could not start: {failure.Message}", failure)
                : ($"Clamator backend '{label}': the client is not running.", null);
        }

        return null;
    }

    private static HealthCheckResult Failed(HealthCheckContext context, string description, Exception? exception, Dictionary<string, object> data) =>
        new(context.Registration.FailureStatus, description, exception, data);
}
