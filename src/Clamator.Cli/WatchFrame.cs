using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary>One refresh of <c>watch</c>: per service, calls per second since the last refresh and the counts that matter.</summary>
internal sealed record WatchFrame(DateTimeOffset At, IReadOnlyList<WatchRow> Services);

/// <summary>
/// One service in a <see cref="WatchFrame"/>. <see cref="CallsPerSecond"/> is the growth of <c>entries-added</c> since the
/// previous frame (requests and notifications added), <see langword="null"/> on the first frame and before Redis 7.
/// <see cref="Status"/> is what the frame read, its consumers judged live, gone or unknown.
/// </summary>
internal sealed record WatchRow(
    string Service, double? CallsPerSecond, long Length, long Pending, long? Lag, bool LagGrowing, int Consumers, long DeadLetters, ServiceStatus Status)
{
    /// <summary>Servers of the service judged live: consumers, and live presence records whose consumer is not in the group yet.</summary>
    public int Live =>
        (Status.Group?.Consumers.Count(c => c.State == ConsumerState.Live) ?? 0)
        + Status.Presence.Count(p => p.State == ConsumerState.Live && !(Status.Group?.Consumers.Any(c => c.Name == p.Consumer) ?? false));
}

/// <summary>Takes frames, remembering the previous one to turn counters into rates.</summary>
internal sealed class WatchSampler(RedisAdmin admin, TimeProvider time, string? service)
{
    private readonly Dictionary<string, (long? Added, long? Lag)> _previous = new(StringComparer.Ordinal);
    private long _previousAt;

    public async Task<WatchFrame> SampleAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> services = service is null ? await admin.ListServicesAsync(cancellationToken).ConfigureAwait(false) : [service];
        var rows = new List<WatchRow>(services.Count);
        long now = time.GetTimestamp();
        double seconds = _previousAt == 0 ? 0 : time.GetElapsedTime(_previousAt, now).TotalSeconds;
        foreach (string name in services)
        {
            ServiceStatus s = await admin.GetServiceAsync(name, cancellationToken).ConfigureAwait(false);
            long? lag = s.Group?.Lag;
            double? rate = null;
            bool growing = false;
            if (_previous.TryGetValue(name, out var before))
            {
                rate = s.EntriesAdded is { } added && before.Added is { } was && seconds > 0 ? Math.Max(0, added - was) / seconds : null;
                growing = lag is { } l && before.Lag is { } wasLag && l > wasLag;
            }

            _previous[name] = (s.EntriesAdded, lag);
            rows.Add(new WatchRow(name, rate, s.Length, s.Group?.Pending ?? 0, lag, growing, s.Group?.Consumers.Count ?? 0, s.DeadLetters, s));
        }

        _previousAt = now;
        return new WatchFrame(time.GetUtcNow(), rows);
    }
}
