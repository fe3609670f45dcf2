using System.Collections.Concurrent;
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
internal sealed class ClientResponders(RedisRpcClientOptions options, Func<IDatabaseAsync> database, WaitingCalls calls, ILogger logger)
{
    /// <summary>How often views of services being called are fetched again.</summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ResponderView> _views = new(StringComparer.Ordinal);

    /// <summary>The services whose latest view found no responders.</summary>
    public IReadOnlyCollection<string> WithoutResponders => [.. _views.Values.Where(v => v.FoundNone).Select(v => v.Service).Order(StringComparer.Ordinal)];

    /// <summary>The view of <paramref name="service"/>, made on first use.</summary>
    public ResponderView ViewOf(string service) =>
        _views.GetOrAdd(service, static (s, state) => new ResponderView(s, state.options.KeyPrefix, state.database, state.options.TimeProvider), (options, database));

    /// <summary>Whether a call to the view's service may go without a Redis command: its latest view found responders.</summary>
    public static bool MayProceed(ResponderView view)
    {
        view.Touch();
        return view.Current is { HasPossibleResponders: true };
    }

    /// <summary>
    /// The slow path of a call whose view is missing or found none: fetches it (or joins the fetch under way); the
    /// <see cref="ClamatorTransportErrorKind.NoResponders"/> failure when it finds none, else <see langword="null"/> (also
    /// when the fetch failed: the call then proceeds as sent).
    /// </summary>
    public async Task<ClamatorTransportException?> CheckAsync(ResponderView view, CancellationToken cancellationToken)
    {
        ServiceLiveness? fresh = await Fetch(view).WaitAsync(cancellationToken).ConfigureAwait(false);
        return fresh is { HasPossibleResponders: false } ? NoResponders(view, fresh) : null;
    }

    /// <summary>Refreshes, every <see cref="RefreshPeriod"/>, the views of services called within two periods or with calls waiting.</summary>
    public Task RunAsync(CancellationToken stop)
    {
        var loop = new LoopRunner("responders", RedisKeys.Presence(options.KeyPrefix, "*"), logger, options.MaxRetryDelay, options.TimeProvider);
        return loop.RunEveryAsync(RefreshPeriod, _ => RefreshDueAsync(), null, stop);
    }

    /// <summary>One pass of the refresh loop.</summary>
    internal async Task RefreshDueAsync()
    {
        if (_views.IsEmpty)
        {
            return;
        }

        HashSet<RedisKey> waiting = calls.Count == 0 ? [] : calls.Streams();
        List<Task>? due = null;
        foreach (ResponderView view in _views.Values)
        {
            if (waiting.Contains(view.CommandKey) || view.UsedWithin(RefreshPeriod * 2))
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
        if (await Fetch(view).ConfigureAwait(false) is { HasPossibleResponders: false } none && hasWaiting)
        {
            ClamatorTransportException failure = NoResponders(view, none);
            int failed = calls.FailWhere(view.CommandKey, failure);
            if (failed > 0)
            {
                RedisLog.WaitingCallsUnanswered(logger, failed, view.Service, none.Describe((string)view.CommandKey!));
            }
        }
    }

    /// <summary>Fetches the view, logging when it turns to "no responders" and back, and failures (Debug: calls proceed).</summary>
    private async Task<ServiceLiveness?> Fetch(ResponderView view)
    {
        ServiceLiveness? fresh = await view.RefreshAsync().ConfigureAwait(false);
        if (fresh is null)
        {
            if (view.LastFailure is { } failure)
            {
                RedisLog.ResponderViewFailed(logger, failure, view.Service);
            }
        }
        else if (!fresh.HasPossibleResponders && view.MarkReported(none: true))
        {
            RedisLog.NoResponders(logger, view.Service, options.KeyPrefix, fresh.Describe((string)view.CommandKey!));
        }
        else if (fresh.HasPossibleResponders && view.MarkReported(none: false))
        {
            RedisLog.RespondersBack(logger, view.Service, options.KeyPrefix);
        }

        return fresh;
    }

    private ClamatorTransportException NoResponders(ResponderView view, ServiceLiveness liveness) =>
        new(ClamatorTransportErrorKind.NoResponders, $"No responders for '{view.Service}' under prefix '{options.KeyPrefix}': {liveness.Describe((string)view.CommandKey!)}");
}
