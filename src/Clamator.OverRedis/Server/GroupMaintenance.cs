using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Everything time-driven about a service's consumer group, on the periods of <see cref="LeaseSchedule"/>:
/// keeps the entries this server holds alive, reclaims entries idle past the claim time (crashed workers'),
/// removes consumers that are gone, trims the stream, and observes the group's backlog.
/// </summary>
internal sealed class GroupMaintenance(
    ConsumerContext context, HeldEntries held, DeliveryRunner deliveries, StreamTrimmer trimmer, ConsumerPruner pruner, ConsumerGroup group,
    StreamIntake intake, ServiceBacklog backlog)
{
    private LoopRunner? _reclaim;

    /// <summary>
    /// Starts the reclaim, prune, trim and observe loops, which end with intake (<paramref name="stopIntake"/>), and the
    /// keep-alive loop, which goes on while stop drains the handlers and ends with <paramref name="stopAll"/>.
    /// </summary>
    public Task RunAsync(CancellationToken stopIntake, CancellationToken stopAll)
    {
        LoopRunner trim = context.Loop("trim");
        _reclaim = context.Loop("reclaim");
        return Task.WhenAll(
            Task.Run(() => context.Loop("keep-alive").RunEveryAsync(context.Schedule.KeepAlive, _ => KeepAliveAsync(), group.RecoverAsync, stopAll),
            CancellationToken.None),
            Task.Run(() => _reclaim.RunEveryAsync(context.Schedule.Reclaim, ReclaimAsync, OnReclaimFailureAsync, stopIntake), CancellationToken.None),
            Task.Run(() => context.Loop("prune").RunEveryAsync(context.Schedule.Prune, _ => pruner.PruneAsync(), group.RecoverAsync, stopIntake),
            CancellationToken.None),

            // A failed trim is retried after the backoff, not at the next acknowledgement or tick.
            Task.Run(() => trim.RunAsync(s => trim.Failing ? (Task)trimmer.TrimAsync() : trimmer.PassAsync(s), group.RecoverAsync, stopIntake),
                CancellationToken.None),
            Task.Run(() => context.Loop("observe").RunEveryAsync(
            context.Schedule.Reclaim, _ => backlog.ObserveAsync(), group.RecoverAsync, stopIntake, atOnce: true), CancellationToken.None));
    }

    /// <summary>
    /// Resets the idle time of every held entry (<c>XCLAIM … 0 ids JUSTID</c>, which counts no delivery), so no
    /// worker, this one included, reclaims an entry that is merely queued, slow, or waiting for its acknowledgement.
    /// </summary>
    internal async Task KeepAliveAsync()
    {
        if (held.IsEmpty)
        {
            return;
        }

        await context.Database.StreamClaimIdsOnlyAsync(context.Key, context.Service, context.Consumer, 0, held.Snapshot()).ConfigureAwait(false);
    }

    /// <summary>Claims every entry idle longer than the claim time, following the cursor until it wraps (docs/protocol.md §6.9).</summary>
    internal async Task ReclaimAsync(CancellationToken stop)
    {
        RedisValue cursor = "0-0";
        long idleMs = (long)context.Schedule.ClaimIdle.TotalMilliseconds;
        int total = 0;
        do
        {
            StreamAutoClaimResult claimed = await context.Database.StreamAutoClaimAsync(
                context.Key, context.Service, context.Consumer, idleMs, cursor, 32).ConfigureAwait(false);
            cursor = claimed.NextStartId;
            _reclaim?.Succeeded(); // answered: waiting for slots below is not failing
            if (claimed.ClaimedEntries is { Length: > 0 } entries)
            {
                List<StreamMessage> messages = [.. entries.Select(StreamMessage.From)];
                total += messages.Count;
                await deliveries.DeliverCountedAsync(messages, stop).ConfigureAwait(false);
            }
        }
        while (cursor != "0-0" && !cursor.IsNullOrEmpty && !stop.IsCancellationRequested);

        if (total > 0)
        {
            context.Metrics.Reclaimed(context.Service, total);
            RedisLog.Reclaimed(context.Logger, total, context.Key);
        }
    }

    /// <summary>
    /// An <c>XAUTOCLAIM</c> whose answer a cut connection lost has still moved its entries to this consumer: the
    /// intake picks them up from this consumer's pending entries rather than leave them for another claim time.
    /// </summary>
    private Task<bool> OnReclaimFailureAsync(Exception failure)
    {
        intake.RecoverOwnPending();
        return group.RecoverAsync(failure);
    }
}
