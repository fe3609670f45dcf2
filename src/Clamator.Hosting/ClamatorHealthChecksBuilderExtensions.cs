using Clamator.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Clamator health check.</summary>
public static class ClamatorHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of every Clamator backend: healthy when its server and client have started and, over Redis, Redis
    /// answers <c>PING</c> and every served service is reading its stream; otherwise <paramref name="failureStatus"/>
    /// (unhealthy by default), with the reason. Degraded when another loop of a service (reclaim, keep-alive, trim, …)
    /// is failing, or its pending entries or lag exceed the backend's <see cref="Clamator.Hosting.ClamatorRedisOptions.HealthMaxPending"/>
    /// or <see cref="Clamator.Hosting.ClamatorRedisOptions.HealthMaxLag"/>; the counts are in the result's data.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <c>clamator</c>.</param>
    /// <param name="failureStatus">The status reported on failure; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the check may run; the health check service's default when <see langword="null"/>.</param>
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
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new ClamatorHealthCheck(provider.GetRequiredService<ClamatorBackends>()),
            failureStatus,
            tags,
            timeout));
    }
}
