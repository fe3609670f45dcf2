using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// A client's view of one service's responders (docs/protocol.md §7.8), shared by all its calls: the latest
/// <see cref="ServiceLiveness"/>, fetched in one round trip, one fetch at a time. Reading <see cref="Current"/> costs no
/// Redis command; the client's refresh loop keeps it about a second old while the service is being called. Calls that
/// must wait for a fetch (the first ones, or while the view found none) are queued and carried on in the order they
/// came, once it completes, so concurrent calls keep their order on the stream.
/// </summary>
internal sealed class ResponderView
{
    private readonly Lock _gate = new();
    private readonly Queue<Action<ServiceLiveness?>> _waiting = new();
    private readonly string _keyPrefix;
    private readonly Func<IDatabaseAsync> _database;
    private readonly TimeProvider _timeProvider;
    private readonly Action<ResponderView, ServiceLiveness?, Exception?> _fetched;
    private ServiceLiveness? _current;
    private Task<ServiceLiveness?> _fetching = Task.FromResult<ServiceLiveness?>(null);
    private bool _inFlight;
    private long _lastUsed = long.MinValue;
    private int _reportedNone;

    /// <param name="service">The service.</param>
    /// <param name="keyPrefix">The key prefix.</param>
    /// <param name="database">The shared connection's database.</param>
    /// <param name="timeProvider">The clock of <see cref="UsedWithin"/>.</param>
    /// <param name="fetched">Called with every fetch's outcome (the new view, or the failure), before waiting calls go on.</param>
    public ResponderView(
        string service, string keyPrefix, Func<IDatabaseAsync> database, TimeProvider timeProvider, Action<ResponderView, ServiceLiveness?, Exception?> fetched)
    {
        Service = service;
        CommandKey = RedisKeys.Commands(keyPrefix, service);
        _keyPrefix = keyPrefix;
        _database = database;
        _timeProvider = timeProvider;
        _fetched = fetched;
    }

    public string Service { get; }

    /// <summary>The command stream, <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>.</summary>
    public RedisKey CommandKey { get; }

    /// <summary>The latest view; <see langword="null"/> before the first fetch succeeded.</summary>
    public ServiceLiveness? Current => Volatile.Read(ref _current);

    /// <summary>Whether the latest view found no responders.</summary>
    public bool FoundNone => Current is { HasPossibleResponders: false };

    /// <summary>Marks the service as being called now (one timestamp write: the refresh loop looks at it).</summary>
    public void Touch() => Volatile.Write(ref _lastUsed, _timeProvider.GetTimestamp());

    /// <summary>Whether it was called within <paramref name="span"/>.</summary>
    public bool UsedWithin(TimeSpan span) =>
        Volatile.Read(ref _lastUsed) is var used and not long.MinValue && _timeProvider.GetElapsedTime(used) <= span;

    /// <summary>Records that "no responders" (or its end) was logged; false when it was already, so each change is logged once.</summary>
    public bool MarkReported(bool none) => Interlocked.Exchange(ref _reportedNone, none ? 1 : 0) != (none ? 1 : 0);

    /// <summary>
    /// Runs <paramref name="then"/> with the outcome of the fetch under way, or of a new one: the new view, or
    /// <see langword="null"/> when the fetch failed. Queued calls go on in the order they were queued.
    /// </summary>
    public void WhenFetched(Action<ServiceLiveness?> then)
    {
        lock (_gate)
        {
            _waiting.Enqueue(then);
            StartFetch();
        }
    }

    /// <summary>
    /// Fetches the view again, or joins the fetch under way; completes with the new view, or <see langword="null"/> when the
    /// fetch failed (the old view stays; a failed fetch never fails a call by itself).
    /// </summary>
    public Task<ServiceLiveness?> RefreshAsync()
    {
        lock (_gate)
        {
            return StartFetch();
        }
    }

    private Task<ServiceLiveness?> StartFetch()
    {
        if (!_inFlight)
        {
            _inFlight = true;
            _fetching = FetchAsync();
        }

        return _fetching;
    }

    private async Task<ServiceLiveness?> FetchAsync()
    {
        await Task.Yield(); // never under the gate, never on the caller's stack
        ServiceLiveness? liveness = null;
        Exception? failure = null;
        try
        {
            liveness = await LivenessReader.ReadAsync(_database(), _keyPrefix, Service, ConsumerLiveness.DefaultUnknownIdleLimit).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever it is (a Redis error, an answer of an unexpected shape), a failed fetch sends the queued calls as
            // they are and ends this fetch: a fault escaping here would leave the queue stuck behind a fetch that never ends.
            failure = ex;
        }

        _fetched(this, liveness, failure);
        while (true)
        {
            Action<ServiceLiveness?>[] batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    // Published only once every queued call has gone on: a call that sees it and goes at once comes after them.
                    if (liveness is not null)
                    {
                        Volatile.Write(ref _current, liveness);
                    }

                    _inFlight = false;
                    return liveness;
                }

                batch = [.. _waiting];
                _waiting.Clear();
            }

            foreach (Action<ServiceLiveness?> then in batch)
            {
                then(liveness);
            }
        }
    }
}
