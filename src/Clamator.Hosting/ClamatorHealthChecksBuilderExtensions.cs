using Clamator.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Clamator health check.</summary>
public static class ClamatorHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of every Clamator backend: healthy when its server and client have started and its transport's probe
    /// finds nothing wrong; otherwise <paramref name="failureStatus"/> (unhealthy by default), with the reason, or Degraded
    /// with the probe's reasons. Over Redis the probe sends <c>PING</c>, checks every served service reads its stream, and
    /// reports Degraded when another loop of a service (reclaim, keep-alive, trim, …) is failing, its pending entries or lag
    /// exceed the backend's <c>HealthMaxPending</c> or <c>HealthMaxLag</c>, or a client has called services no live server
    /// serves (their names are in the data, under <c>&lt;backend&gt;.servicesWithoutResponders</c>); the counts are in the
    /// result's data. A backend still waiting for its broker (it starts by itself once that answers) is unhealthy, saying why.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <c>clamator</c>.</param>
    /// <param name="failureStatus">The status reported on failure; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the check waits for the transports' probes at most (over Redis, a <c>PING</c> not answered
    /// by then counts as Redis not answering); 2 s when <see langword="null"/>. Also the registration's timeout.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHealthChecksBuilder AddClamator(
        this IHealthChecksBuilder builder,
        string name = "clamator",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        if (timeout is { } given && given <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive.");
        }

        TimeSpan bound = timeout ?? ClamatorHealthCheck.DefaultBound;
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new ClamatorHealthCheck(provider.GetRequiredService<ClamatorBackends>(), bound),
            failureStatus,
            tags,
            bound + TimeSpan.FromSeconds(1)));
    }
}
