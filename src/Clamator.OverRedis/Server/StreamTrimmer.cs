using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Keeps the command stream bounded by the work in it (docs/protocol.md §6.10): trims acknowledged
/// history after every <see cref="LeaseSchedule.TrimAfterAcks"/> acknowledgements of this server, and on every
/// reclaim pass, so at any rate the servers sustain the stream holds about the entries in flight plus one trim's
/// worth. Never trims an entry that is pending or not yet delivered.
/// </summary>
internal sealed class StreamTrimmer(ConsumerContext context)
{
    private readonly SemaphoreSlim _due = new(0, 1);
    private int _acknowledged;

    /// <summary>Counts acknowledgements; wakes the trim loop once enough have accumulated.</summary>
    public void Acknowledged(int count)
    {
        if (Interlocked.Add(ref _acknowledged, count) >= LeaseSchedule.TrimAfterAcks && _due.CurrentCount == 0)
        {
            try
            {
                _due.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    /// <summary>One pass of the trim loop: waits until a trim is due (enough acknowledgements, or the reclaim period), then trims.</summary>
    public async Task PassAsync(CancellationToken stop)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task due = _due.WaitAsync(wake.Token);
        Task tick = Task.Delay(context.Schedule.Reclaim, context.TimeProvider, wake.Token);
        await Task.WhenAny(due, tick).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        stop.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _acknowledged, 0) > 0 || tick.IsCompletedSuccessfully)
        {
            await TrimAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Trims everything older than both the oldest entry still pending and the group's last delivered entry
    /// (entries after it are not delivered yet; an operator's <c>XGROUP SETID</c> or <c>XCLAIM … FORCE</c> can put the
    /// oldest pending one above it). The last delivered id is read before the pending summary (both go out together,
    /// in that order, on one connection): an entry delivered in between has a greater id, so it is never below the
    /// trim point.
    /// </summary>
    internal async Task<long> TrimAsync()
    {
        Task<StreamGroupInfo[]> groups = context.Database.StreamGroupInfoAsync(context.Key);
        Task<StreamPendingInfo> pending = context.Database.StreamPendingAsync(context.Key, context.Service);
        await Task.WhenAll(groups, pending).ConfigureAwait(false);
        RedisValue minId = groups.Result.FirstOrDefault(g => g.Name == context.Service).LastDeliveredId;
        if (pending.Result is { PendingMessageCount: > 0, LowestPendingMessageId: var lowest } && StreamIds.Compare(lowest, minId) < 0)
        {
            minId = lowest;
        }

        if (minId.IsNullOrEmpty || minId == "0-0")
        {
            return 0;
        }

        return await context.Database.StreamTrimByMinIdAsync(context.Key, minId, useApproximateMaxLength: true).ConfigureAwait(false);
    }
}
