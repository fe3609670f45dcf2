using System.Collections.Concurrent;
using Clamator.Transport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// "No responders, fast" for one client (docs/protocol.md §7.8): a <see cref="ResponderView"/> per service called, refreshed
/// about once a second in the background while the service is being called or has calls waiting. A call whose view finds
/// responders costs no Redis command; the first call to a service waits for its first view; a call whose view found none
/// fetches it again (shared with concurrent calls) and fails with <see cref="ClamatorTransportErrorKind.NoResponders"/> if
/// it still finds none. Calls already waiting fail the same way once a refresh finds none.
/// </summary>
internal sealed class ClientResponders(RedisRpcClientOptions options, Func<IDatabaseAsync> database, PendingCalls<WaitingCall> calls, ILogger logger)
{
    private readonly RedisRpcClientOptions _options = options;
    private readonly Func<IDatabaseAsync> _database = database;

    /// <summary>How often views of services being called are fetched again.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after its last call a service whose view found no responders is still watched (fetched every
    /// <see cref="RefreshPeriod"/>, and reported by <see cref="WithoutResponders"/>): long enough for health checks to see it,
    /// and so that its verdict follows a server that comes back, instead of standing stale.
    /// </summary>
    public static readonly TimeSpan NoneWatch = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ResponderView> _views = new(StringComparer.Ordinal);

    /// <summary>The services called within <see cref="NoneWatch"/> whose latest view found no responders.</summary>
    public IReadOnlyCollection<string> WithoutResponders =>
        [.. _views.Values.Where(v => v.FoundNone && v.UsedWithin(NoneWatch)).Select(v => v.Service).Order(StringComparer.Ordinal)];

    /// <summary>The view of <paramref name="service"/>, made on first use.</summary>
    public ResponderView ViewOf(string service) =>
        _views.GetOrAdd(service, static (s, self) => new ResponderView(s, self._options.KeyPrefix, self._database, self._options.TimeProvider, self.Fetched),
        this);

    /// <summary>Whether a call to the view's service may go without waiting for a fetch: its latest view found responders.</summary>
    public static bool MayProceed(ResponderView view)
    {
        view.Touch();
        return view.Current is { HasPossibleResponders: true };
    }

    /// <summary>
    /// The slow path of a notification whose view is missing or found none: waits for the fetch; the
    /// <see cref="ClamatorTransportErrorKind.NoResponders"/> failure when it finds none, else <see langword="null"/> (also
    /// when the fetch failed: the notification then goes as it would have).
    /// </summary>
    public static async Task<ClamatorTransportException?> CheckAsync(
        ResponderView view, Func<ResponderView, ServiceLiveness, ClamatorTransportException> noResponders, CancellationToken cancellationToken)
    {
        var fetched = new TaskCompletionSource<ServiceLiveness?>(TaskCreationOptions.RunContinuationsAsynchronously);
        view.WhenFetched(l => fetched.TrySetResult(l));
        ServiceLiveness? fresh = await fetched.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return fresh is { HasPossibleResponders: false } ? noResponders(view, fresh) : null;
    }

    /// <summary>
    /// Refreshes, every <see cref="RefreshPeriod"/>, the views of services called within two periods, with calls waiting, or
    /// found without responders within <see cref="NoneWatch"/> of their last call.
    /// </summary>
    public Task RunAsync(CancellationToken stop)
    {
        var loop = new LoopRunner("responders", RedisKeys.Presence(_options.KeyPrefix, "*"), logger, _options.MaxRetryDelay, _options.TimeProvider);
        return loop.RunEveryAsync(RefreshPeriod, _ => RefreshDueAsync(), null, stop);
    }

    /// <summary>One pass of the refresh loop.</summary>
    internal async Task RefreshDueAsync()
    {
        if (_views.IsEmpty)
        {
            return;
        }

        HashSet<RedisKey> waiting = calls.Count == 0 ? [] : [.. calls.Select(c => c.Stream)];
        List<Task>? due = null;
        foreach (ResponderView view in _views.Values)
        {
            if (waiting.Contains(view.CommandKey) || view.UsedWithin(RefreshPeriod * 2) || (view.FoundNone && view.UsedWithin(NoneWatch)))
            {
                (due ??= []).Add(RefreshAsync(view, waiting.Contains(view.CommandKey)));
            }
        }

        if (due is not null)
        {
            await Task.WhenAll(due).ConfigureAwait(false);
        }
    }

    private async Task RefreshAsync(ResponderView view, bool hasWaiting)
    {
        // A group gone under waiting calls (Redis restarted empty, the stream deleted) is the lost-call audit's case (§7.6):
        // their requests are sent again once a server recreates it. Only a group whose every consumer is gone fails them.
        if (await view.RefreshAsync().ConfigureAwait(false) is { HasPossibleResponders: false, GroupExists: true } none && hasWaiting)
        {
            int failed = FailWaitingOn(view.CommandKey, NoResponders(view, none));
            if (failed > 0)
            {
                RedisLog.WaitingCallsUnanswered(logger, failed, view.Service, none.Describe((string)view.CommandKey!));
            }
        }
    }

    /// <summary>Fails every call waiting on <paramref name="stream"/> with <paramref name="error"/>; how many it failed.</summary>
    private int FailWaitingOn(RedisKey stream, Exception error)
    {
        int failed = 0;
        foreach (WaitingCall call in calls)
        {
            if (call.Stream == stream && call.TryFail(error))
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary>Every fetch's outcome: logs when a view turns to "no responders" and back, and failures (Debug: calls proceed).</summary>
    private void Fetched(ResponderView view, ServiceLiveness? fresh, Exception? failure)
    {
        if (failure is not null)
        {
            RedisLog.ResponderViewFailed(logger, failure, view.Service);
        }
        else if (fresh is { HasPossibleResponders: false } && view.MarkReported(none: true))
        {
            RedisLog.NoResponders(logger, view.Service, _options.KeyPrefix, fresh.Describe((string)view.CommandKey!));
        }
        else if (fresh is { HasPossibleResponders: true } && view.MarkReported(none: false))
        {
            RedisLog.RespondersBack(logger, view.Service, _options.KeyPrefix);
        }
    }

    /// <summary>The failure of a call to a service without responders: one line naming the service, the prefix and what was seen.</summary>
    public ClamatorTransportException NoResponders(ResponderView view, ServiceLiveness liveness) =>
        new(ClamatorTransportErrorKind.NoResponders,
        $"No responders for '{view.Service}' under prefix '{_options.KeyPrefix}': {liveness.Describe((string)view.CommandKey!)}");
}
