namespace Clamator.OverRedis;

/// <summary>
/// The health check's rules for the services a Redis backend serves, from what its server last observed (no I/O):
/// Degraded while a loop is failing and retrying or pending entries or lag are over <see cref="ClamatorRedisOptions.HealthMaxPending"/> /
/// <see cref="ClamatorRedisOptions.HealthMaxLag"/>; down once the read loop has failed for twice <see cref="ClamatorRedisOptions.MaxRetryDelay"/>.
/// </summary>
internal static class ServiceHealth
{
    /// <summary>
    /// Adds the Degraded reasons to <paramref name="degraded"/> and the counts to <paramref name="data"/>; returns why
    /// a service is not reading its stream at all, if one is not.
    /// </summary>
    public static string? Check(
        IReadOnlyList<RedisServiceStatus> statuses, ClamatorRedisOptions options, DateTimeOffset now, string label, IDictionary<string, object> data,
        List<string> degraded)
    {
        string? down = null;
        foreach (RedisServiceStatus status in statuses)
        {
            string where = $"Clamator backend '{label}', service '{status.Service}'";
            if (status.Pending is { } pending)
            {
                data[$"{label}.{status.Service}.pending"] = pending;
                if (pending > options.HealthMaxPending)
                {
                    degraded.Add($"{where}: {pending} entries pending, over HealthMaxPending ({options.HealthMaxPending}).");
                }
            }

            if (status.Lag is { } lag)
            {
                data[$"{label}.{status.Service}.lag"] = lag;
                if (lag > options.HealthMaxLag)
                {
                    degraded.Add($"{where}: lag {lag}, over HealthMaxLag ({options.HealthMaxLag}).");
                }
            }

            foreach ((string loop, DateTimeOffset since) in status.FailingLoops)
            {
                // A read that failed once (a blip, a group Redis lost) is retried within the backoff: down only when
                // it has kept failing for twice the longest backoff.
                TimeSpan failing = now - since;
                if (loop == StreamIntake.LoopName && failing > 2 * options.MaxRetryDelay)
                {
                    down ??= $"{where}: its read loop has been failing for {failing.TotalSeconds:0} s; no new requests are read.";
                }
                else
                {
                    degraded.Add($"{where}: its {loop} loop is failing and retrying.");
                }
            }
        }

        return down;
    }
}
