using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Runs the entries the intake reads and <see cref="GroupMaintenance"/> reclaims: holds each, waits for one of the server core's
/// <c>MaxConcurrency</c> slots (with one slot, entries run one at a time in arrival order), runs it to its outcome
/// with <see cref="DeliveryStep"/> and carries it out with <see cref="DeliveryEffects"/>. The slot is freed as
/// soon as the handler returns; writing the reply and acknowledging happen outside it.
/// </summary>
internal sealed class DeliveryRunner(ConsumerContext context, HeldEntries held, DeliveryStep step, DeliveryEffects effects)
{
    private readonly InFlightCounter _running = new();
    private readonly CancellationTokenSource _abandon = new();
    private long _handled;
    private long _failed;

    /// <summary>Deliveries under way (from taking a slot until the outcome is carried out).</summary>
    public int Running => _running.Count;

    /// <summary>Entries carried out to the end (answered, acknowledged or dead-lettered), for the presence record.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>Entries dead-lettered or failed unexpectedly, for the presence record.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Runs newly read entries (delivered for the first time).</summary>
    public Task DeliverNewAsync(List<StreamMessage> messages, CancellationToken stop) => DeliverAsync(messages, null, stop);

    /// <summary>Runs entries delivered before (re-read or reclaimed): their delivery counts decide dead-lettering.</summary>
    public async Task DeliverCountedAsync(List<StreamMessage> messages, CancellationToken stop) =>
        await DeliverAsync(messages, await DeliveryCountsAsync(messages).ConfigureAwait(false), stop).ConfigureAwait(false);

    /// <summary>Runs entries whose delivery counts are known already.</summary>
    public Task DeliverAsync(List<StreamMessage> messages, Dictionary<RedisValue, long>? deliveries, CancellationToken stop)
    {
        // Every entry of the batch is held before any waits for a slot, so those queued behind a slow handler are
        // kept alive too and no other worker takes them meanwhile. One already held here (a re-read or reclaim of
        // an entry that is queued, running or waiting for its acknowledgement) is skipped: never run twice.
        List<StreamMessage> taken = messages.Count == 0 ? messages : [.. messages.Where(m => held.TryHold(m.Id))];
        return taken.Count == 0 ? Task.CompletedTask : StartAsync(taken, deliveries, stop);
    }

    private async Task<Dictionary<RedisValue, long>> DeliveryCountsAsync(List<StreamMessage> messages)
    {
        // The range may also hold other entries of this consumer (ones it holds): ask for enough.
        StreamPendingMessageInfo[] infos = await context.Database.StreamPendingMessagesAsync(
            context.Key, context.Service, messages.Count + held.Count, context.Consumer, messages[0].Id, messages[^1].Id).ConfigureAwait(false);
        return infos.ToDictionary(i => i.MessageId, i => (long)i.DeliveryCount);
    }

    /// <summary>Completes when no delivery is under way, or after <paramref name="limit"/>; then stops their retries.</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        try
        {
            await _running.WhenIdleAsync().WaitAsync(limit, context.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        await _abandon.CancelAsync().ConfigureAwait(false);
    }

    private async Task StartAsync(List<StreamMessage> taken, Dictionary<RedisValue, long>? deliveries, CancellationToken stop)
    {
        // Waiting for a slot is the intake's backpressure: no more entries are read (and held) than can soon run.
        for (int i = 0; i < taken.Count; i++)
        {
            DispatchSlot slot;
            try
            {
                slot = await step.AcquireSlotAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await HandBackAsync(taken, i, deliveries).ConfigureAwait(false);
                throw;
            }

            _ = RunAsync(taken[i], Count(deliveries, taken[i].Id), slot);
        }
    }

    private static long Count(Dictionary<RedisValue, long>? deliveries, RedisValue id) =>
        deliveries is not null && deliveries.TryGetValue(id, out long n) ? n : 1;

    private async Task RunAsync(StreamMessage message, long deliveries, DispatchSlot slot)
    {
        _running.Enter();
        try
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = await step.RunAsync(message, deliveries, slot).ConfigureAwait(false);
            }
            finally
            {
                // Freed by the core when the handler returned; this frees it when the entry never reached a handler.
                slot.Dispose();
            }

            await effects.ApplyAsync(message, deliveries, outcome, _abandon.Token).ConfigureAwait(false);
            if (outcome.Action != DeliveryAction.LeavePending)
            {
                Interlocked.Increment(ref _handled);
            }

            if (outcome.Action == DeliveryAction.DeadLetter)
            {
                Interlocked.Increment(ref _failed);
            }
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failed);
            // Neither throws by design; should one, the entry is not lost: it stays pending and is reclaimed.
            RedisLog.EntryFailed(context.Logger, ex, message.Id.ToString(), context.Key);
            held.Release(message.Id);
        }
        finally
        {
            _running.Exit();
        }
    }

    /// <summary>
    /// Hands entries taken but not started back to the group on stop: their idle time is set to the claim time, so
    /// the next reclaim of any worker takes them at once instead of after a full claim period, and their delivery
    /// count is set back by one (<c>RETRYCOUNT</c>), since this delivery never ran them.
    /// </summary>
    private async Task HandBackAsync(List<StreamMessage> taken, int from, Dictionary<RedisValue, long>? deliveries)
    {
        try
        {
            foreach (IGrouping<long, StreamMessage> sameCount in taken.Skip(from).GroupBy(m => Count(deliveries, m.Id)))
            {
                List<object> arguments = [context.Key, context.Service, context.Consumer, 0, .. sameCount.Select(m => (object)m.Id)];
                arguments.AddRange(["IDLE", (long)context.Schedule.ClaimIdle.TotalMilliseconds, "RETRYCOUNT", Math.Max(0, sameCount.Key - 1), "JUSTID"]);
                await context.Database.ExecuteAsync("XCLAIM", arguments).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.CleanupFailed(context.Logger, ex, context.Key);
        }
        finally
        {
            foreach (StreamMessage message in taken.Skip(from))
            {
                held.Release(message.Id);
            }
        }
    }
}
