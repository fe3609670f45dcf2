using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clamator.Hosting;

/// <summary>
/// Healthy when every backend's server and client have started, over Redis Redis answers <c>PING</c> and every served
/// service reads its stream; otherwise the registration's failure status, with the reason (a backend still waiting for
/// Redis says why; a read loop counts as not reading once it has failed for twice <c>MaxRetryDelay</c>). Degraded while a
/// loop of a service is failing and retrying, when its pending entries or lag are over the backend's
/// <c>HealthMaxPending</c> / <c>HealthMaxLag</c>, or when a client has called services that no live server serves. Answers
/// within <paramref name="bound"/>: a <c>PING</c> not answered by then counts as not answered.
/// </summary>
internal sealed class ClamatorHealthCheck(ClamatorBackends backends, TimeSpan bound) : IHealthCheck
{
    /// <summary>How long the check waits for Redis at most, unless <c>AddClamator(timeout: …)</c> says otherwise.</summary>
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

            try
            {
                if (await backend.PingAsync(bounded.Token).ConfigureAwait(false) is { } roundTrip)
                {
                    data[label + ".pingMs"] = roundTrip.TotalMilliseconds;
                }
            }
            catch (ClamatorTransportException ex)
            {
                return Failed(context, $"Clamator backend '{label}': {ex.Message}", ex, data);
            }
            catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Failed(context, $"Clamator backend '{label}': Redis does not answer PING within {bound.TotalSeconds:0.#} s.", null, data);
            }

            (List<string> reasons, string? down) = backend.ServiceHealth(data, label);
            if (down is not null)
            {
                return Failed(context, down, null, data);
            }

            degraded.AddRange(reasons);
            if (ResponderHealth.Check(label, backend.ServicesWithoutResponders, data) is { } noResponders)
            {
                degraded.Add(noResponders);
            }
        }

        return degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join(" ", degraded), data: data)
            : HealthCheckResult.Healthy("Clamator backends are running.", data);
    }

    private static (string Description, Exception? Exception)? NotRunning(ClamatorBackend backend, string label)
    {
        if (backend.HasServer && !backend.ServerRunning)
        {
            return backend.ServerWaiting is { } waiting ? ($"Clamator backend '{label}': the server is waiting for Redis: {waiting.Message}", waiting)
                : backend.ServerFailure is { } failure ? ($"Clamator backend '{label}': the server could not start: {failure.Message}", failure)
                : ($"Clamator backend '{label}': the server is not running.", null);
        }

        if (backend.HasClient && !backend.ClientRunning)
        {
            return backend.ClientWaiting is { } waiting ? ($"Clamator backend '{label}': the client is waiting for Redis: {waiting.Message}", waiting)
                : backend.ClientFailure is { } failure ? ($"Clamator backend '{label}': the client could not start: {failure.Message}", failure)
                : ($"Clamator backend '{label}': the client is not running.", null);
        }

        return null;
    }

    private static HealthCheckResult Failed(HealthCheckContext context, string description, Exception? exception, Dictionary<string, object> data) =>
        new(context.Registration.FailureStatus, description, exception, data);
}
