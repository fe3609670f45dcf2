using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Runs the entries the intake reads and the lease keeper reclaims: holds each, waits for one of the
/// <c>MaxConcurrency</c> slots (with one slot, entries run one at a time in arrival order), decides its outcome
/// with <see cref="DeliveryStep"/> and carries it out with <see cref="DeliveryEffects"/>. The slot is freed as
/// soon as the handler returns; writing the reply and acknowledging happen outside it.
/// </summary>
internal sealed class DeliveryRunner(ConsumerContext context, HeldEntries held, DeliveryStep step, DeliveryEffects effects)
{
    private readonly SemaphoreSlim _slots = new(context.Options.MaxConcurrency, context.Options.MaxConcurrency);
    private readonly InFlightCounter _running = new();
    private readonly CancellationTokenSource _abandon = new();

    /// <summary>Deliveries under way (from taking a slot until the outcome is carried out).</summary>
    public int Running => _running.Count;

    /// <summary>Runs newly read entries (delivered for the first time).</summary>
    public Task DeliverNewAsync(List<StreamMessage> messages, CancellationToken stop) => DeliverAsync(messages, null, stop);

    /// <summary>Runs entries delivered before (re-read or reclaimed): their delivery counts decide dead-lettering.</summary>
    public async Task DeliverCountedAsync(List<StreamMessage> messages, CancellationToken stop)
    {
        // The range may also hold other entries of this consumer (ones it holds): ask for enough.
        StreamPendingMessageInfo[] infos = await context.Database.StreamPendingMessagesAsync(
            context.Key, context.Service, messages.Count + held.Count, context.Consumer, messages[0].Id, messages[^1].Id).ConfigureAwait(false);
        await DeliverAsync(messages, infos.ToDictionary(i => i.MessageId, i => (long)i.DeliveryCount), stop).ConfigureAwait(false);
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

    private async Task DeliverAsync(List<StreamMessage> messages, Dictionary<RedisValue, long>? deliveries, CancellationToken stop)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            StreamMessage message = messages[i];
            if (!held.TryHold(message.Id))
            {
                // Already held here (a re-read or reclaim of an entry that is queued or running): never run twice.
                continue;
            }

            try
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await HandBackAsync(messages, i).ConfigureAwait(false);
                throw;
            }

            long count = deliveries is not null && deliveries.TryGetValue(message.Id, out long n) ? n : 1;
            _ = RunAsync(message, count);
        }
    }

    private async Task RunAsync(StreamMessage message, long deliveries)
    {
        _running.Enter();
        try
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = await step.DecideAsync(message, deliveries).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }

            await effects.ApplyAsync(message, deliveries, outcome, _abandon.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
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
    /// Hands entries read but not started back to the group on stop: their idle time is set to the claim time,
    /// so the next reclaim of any worker takes them at once instead of after a full claim period.
    /// </summary>
    private async Task HandBackAsync(List<StreamMessage> messages, int from)
    {
        var ids = new List<RedisValue>();
        for (int i = from; i < messages.Count; i++)
        {
            // Held from here on by this call only: the current entry, and later ones nobody else holds.
            if (i == from || held.TryHold(messages[i].Id))
            {
                ids.Add(messages[i].Id);
            }
        }

        try
        {
            if (ids.Count > 0)
            {
                List<object> arguments = [context.Key, context.Service, context.Consumer, 0, .. ids.Select(id => (object)id)];
                arguments.AddRange(["IDLE", (long)context.Schedule.ClaimIdle.TotalMilliseconds, "JUSTID"]);
                await context.Database.ExecuteAsync("XCLAIM", arguments).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.CleanupFailed(context.Logger, ex, context.Key);
        }
        finally
        {
            foreach (RedisValue id in ids)
            {
                held.Release(id);
            }
        }
    }
}
