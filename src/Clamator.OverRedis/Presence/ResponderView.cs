using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// A client's view of one service's responders (docs/protocol.md §7.8), shared by all its calls: the latest
/// <see cref="ServiceLiveness"/>, fetched in one round trip, at most one fetch at a time (concurrent callers share it).
/// Reading <see cref="Current"/> costs no Redis command; the client's refresh loop keeps it about a second old while the
/// service is being called.
/// </summary>
internal sealed class ResponderView(string service, string keyPrefix, Func<IDatabaseAsync> database, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private ServiceLiveness? _current;
    private Task<ServiceLiveness?>? _fetching;
    private long _lastUsed = long.MinValue;
    private int _reportedNone;

    public string Service { get; } = service;

    /// <summary>The command stream, <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>.</summary>
    public RedisKey CommandKey { get; } = RedisKeys.Commands(keyPrefix, service);

    /// <summary>The latest view; <see langword="null"/> before the first fetch succeeded.</summary>
    public ServiceLiveness? Current => Volatile.Read(ref _current);

    /// <summary>Whether the latest view found no responders.</summary>
    public bool FoundNone => Current is { HasPossibleResponders: false };

    /// <summary>The last failure of a fetch, until one succeeds (for logs).</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Marks the service as being called now (one timestamp write: the refresh loop looks at it).</summary>
    public void Touch() => Volatile.Write(ref _lastUsed, timeProvider.GetTimestamp());

    /// <summary>Whether it was called within <paramref name="span"/>.</summary>
    public bool UsedWithin(TimeSpan span) =>
        Volatile.Read(ref _lastUsed) is var used and not long.MinValue && timeProvider.GetElapsedTime(used) <= span;

    /// <summary>Records that "no responders" (or its end) was logged; false when it was already, so each change is logged once.</summary>
    public bool MarkReported(bool none) => Interlocked.Exchange(ref _reportedNone, none ? 1 : 0) != (none ? 1 : 0);

    /// <summary>
    /// Fetches the view again, or joins the fetch under way; completes with the new view, or <see langword="null"/> when the
    /// fetch failed (the old view stays; a failed fetch never fails a call by itself).
    /// </summary>
    public Task<ServiceLiveness?> RefreshAsync()
    {
        lock (_gate)
        {
            if (_fetching is { IsCompleted: false } fetching)
            {
                return fetching;
            }

            return _fetching = FetchAsync();
        }
    }

    private async Task<ServiceLiveness?> FetchAsync()
    {
        try
        {
            ServiceLiveness liveness = await LivenessReader.ReadAsync(database(), keyPrefix, Service, ConsumerLiveness.DefaultUnknownIdleLimit).ConfigureAwait(false);
            LastFailure = null;
            Volatile.Write(ref _current, liveness);
            return liveness;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException)
        {
            LastFailure = ex;
            return null;
        }
    }
}
