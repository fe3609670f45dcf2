using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clamator.Hosting;

/// <summary>
/// Healthy when every backend's server and client have started, over Redis Redis answers <c>PING</c> and every served
/// service reads its stream; otherwise the registration's failure status, with the reason (a read loop counts as not
/// reading once it has failed for twice <c>MaxRetryDelay</c>). Degraded while a loop of a service is failing and
/// retrying, or when its pending entries or lag are over the backend's <c>HealthMaxPending</c> / <c>HealthMaxLag</c>.
/// </summary>
internal sealed class ClamatorHealthCheck(ClamatorBackends backends) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        List<string> degraded = [];
        foreach (ClamatorBackend backend in backends.All)
        {
            string label = backend.Label;
            if (backend.HasServer && !backend.ServerRunning)
            {
                return Failed(context, $"Clamator backend '{label}': the server is not running.", null, data);
            }

            if (backend.HasClient && !backend.ClientRunning)
            {
                return Failed(context, $"Clamator backend '{label}': the client is not running.", null, data);
            }

            try
            {
                if (await backend.PingAsync(cancellationToken).ConfigureAwait(false) is { } roundTrip)
                {
                    data[label + ".pingMs"] = roundTrip.TotalMilliseconds;
                }
            }
            catch (ClamatorTransportException ex)
            {
                return Failed(context, $"Clamator backend '{label}': {ex.Message}", ex, data);
            }

            (List<string> reasons, string? down) = backend.ServiceHealth(data, label);
            if (down is not null)
            {
                return Failed(context, down, null, data);
            }

            degraded.AddRange(reasons);
        }

        return degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join(" ", degraded), data: data)
            : HealthCheckResult.Healthy("Clamator backends are running.", data);
    }

    private static HealthCheckResult Failed(HealthCheckContext context, string description, Exception? exception, Dictionary<string, object> data) =>
        new(context.Registration.FailureStatus, description, exception, data);
}
