using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Acknowledges entries in batches: an id waits up to <see cref="Delay"/> for others, and ids queue up while one
/// <c>XACK</c> is in flight to go together in the next. An id is added only after its reply was written. At low
/// load this takes one Redis command per call off the path (measured: p99 at one call in flight 0.7 ms instead
/// of 1.2–1.9 ms). A batch that fails transiently (connection cut, failover) is sent again with backoff, so a
/// blip never leaves answered entries to be reclaimed and run again; the entries stay held (kept alive) until
/// acknowledged.
/// </summary>
internal sealed class AckBatcher(ConsumerContext context, HeldEntries held, Action<int> acknowledged)
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentQueue<RedisValue> _queue = new();
    private readonly CancellationTokenSource _abandon = new();
    private Task _flushing = Task.CompletedTask;
    private int _active;

    public void Add(RedisValue id)
    {
        _queue.Enqueue(id);
        if (Interlocked.CompareExchange(ref _active, 1, 0) == 0)
        {
            _flushing = FlushLoopAsync();
        }
    }

    /// <summary>Completes when every queued id has been acknowledged, or after <paramref name="limit"/>; then stops retrying.</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        DateTimeOffset giveUpAt = context.TimeProvider.GetUtcNow() + limit;
        try
        {
            while (Volatile.Read(ref _active) == 1 || !_queue.IsEmpty)
            {
                TimeSpan left = giveUpAt - context.TimeProvider.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                await _flushing.WaitAsync(left, context.TimeProvider).ConfigureAwait(false);
                if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _active, 1, 0) == 0)
                {
                    _flushing = FlushLoopAsync();
                }
            }
        }
        catch (TimeoutException)
        {
        }

        await _abandon.CancelAsync().ConfigureAwait(false);
        await _flushing.ConfigureAwait(false);
    }

    private async Task FlushLoopAsync()
    {
        await Task.Delay(Delay, context.TimeProvider).ConfigureAwait(false);
        while (true)
        {
            while (!_queue.IsEmpty)
            {
                var ids = new RedisValue[_queue.Count];
                int n = 0;
                while (n < ids.Length && _queue.TryDequeue(out RedisValue id))
                {
                    ids[n++] = id;
                }

                await AcknowledgeAsync(n == ids.Length ? ids : ids[..n]).ConfigureAwait(false);
            }

            Volatile.Write(ref _active, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _active, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task AcknowledgeAsync(RedisValue[] ids)
    {
        Exception? failure = await RedisRetry.RunAsync(
            static s => s.Database.StreamAcknowledgeAsync(s.Key, s.Service, s.ids),
            (context.Database, context.Key, context.Service, ids),
            DateTimeOffset.MaxValue, context.Options.MaxRetryDelay, context.TimeProvider, _abandon.Token).ConfigureAwait(false);
        if (failure is null)
        {
            acknowledged(ids.Length);
        }
        else if (RedisErrors.Classify(failure) != RedisFailure.NoGroup)
        {
            // Refused, or given up on stop: the entries stay pending and are reclaimed (run again) later.
            RedisLog.AckFailed(context.Logger, failure, ids.Length, context.Key);
        }

        // A missing group (recreated empty) holds none of them: nothing is pending, nothing to do.
        foreach (RedisValue id in ids)
        {
            held.Release(id);
        }
    }
}
