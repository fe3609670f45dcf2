using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// The blocking read loop of one service (docs/protocol.md §6.2): <c>XREADGROUP … BLOCK … &gt;</c> on a
/// dedicated connection, so an idle server wakes the moment a request is added. At start it first re-reads this
/// consumer's own pending entries (<c>XREADGROUP … 0</c>, which counts as their next delivery): a restarted worker
/// with a stable id resumes its work at once. After a failed read or reclaim it picks up its own pending entries
/// it does not hold — those Redis handed out in a read whose answer a cut connection lost — listing them with
/// <c>XPENDING</c> and fetching them with <c>XRANGE</c>, which count no delivery: a blip is not a redelivery.
/// </summary>
internal sealed class StreamIntake(ConsumerContext context, BlockingReader reader, DeliveryRunner deliveries, HeldEntries held, ConsumerGroup group)
{
    /// <summary>The loop's name in <see cref="RedisServiceStatus.FailingLoops"/> (the health check treats it apart: without it nothing is served).</summary>
    public const string LoopName = "read";

    private const int New = 0, Startup = 1, Recover = 2;

    private readonly object[] _readNew =
    [
        "GROUP", context.Service, context.Consumer, "COUNT", context.Options.BatchSize,
        "BLOCK", (long)context.Options.BlockTime.TotalMilliseconds, "STREAMS", context.Key, ">",
    ];

    private readonly LoopRunner _loop = context.Loop(LoopName);
    private int _mode = Startup;
    private string _startupFrom = "0";

    public Task RunAsync(CancellationToken stop) => _loop.RunAsync(PassAsync, OnFailureAsync, stop);

    /// <summary>Asks for this consumer's pending entries that it does not hold to be picked up before the next new ones.</summary>
    public void RecoverOwnPending() => Interlocked.CompareExchange(ref _mode, Recover, New);

    private async Task PassAsync(CancellationToken stop)
    {
        switch (Volatile.Read(ref _mode))
        {
            case Startup:
                await ReadOwnAtStartupAsync(stop).ConfigureAwait(false);
                break;
            case Recover:
                // Then on to the new entries in the same pass: only a read that answers ends a failure (the shared
                // connection can be back before this reader's own is, and an outage is one warning, not one per flap).
                Volatile.Write(ref _mode, New);
                await RecoverOwnAsync(stop).ConfigureAwait(false);
                goto default;
            default:
                List<StreamMessage> messages = StreamMessage.ParseRead(await reader.ExecuteAsync("XREADGROUP", _readNew).ConfigureAwait(false));
                _loop.Succeeded(); // read: waiting for handler slots (backpressure) is not failing
                await deliveries.DeliverNewAsync(messages, stop).ConfigureAwait(false);
                break;
        }
    }

    private async Task ReadOwnAtStartupAsync(CancellationToken stop)
    {
        object[] readOwn = (object[])_readNew.Clone();
        readOwn[^1] = _startupFrom;
        List<StreamMessage> own = StreamMessage.ParseRead(await reader.ExecuteAsync("XREADGROUP", readOwn).ConfigureAwait(false));
        _loop.Succeeded();
        if (own.Count == 0)
        {
            Interlocked.CompareExchange(ref _mode, New, Startup);
            return;
        }

        _startupFrom = own[^1].Id!;
        await deliveries.DeliverCountedAsync(own, stop).ConfigureAwait(false);
    }

    private async Task RecoverOwnAsync(CancellationToken stop)
    {
        RedisValue from = "-";
        while (true)
        {
            StreamPendingMessageInfo[] page = await context.Database.StreamPendingMessagesAsync(
                context.Key, context.Service, context.Options.BatchSize, context.Consumer, from, "+").ConfigureAwait(false);
            if (page.Length == 0)
            {
                return;
            }

            from = "(" + page[^1].MessageId;
            List<StreamPendingMessageInfo> loose = [.. page.Where(p => !held.IsHeld(p.MessageId))];
            if (loose.Count == 0)
            {
                continue;
            }

            StreamEntry[][] found = await Task.WhenAll(
                loose.Select(p => context.Database.StreamRangeAsync(context.Key, p.MessageId, p.MessageId, 1))).ConfigureAwait(false);

            // An entry deleted while pending comes back without fields: it is acknowledged, nothing runs.
            List<StreamMessage> messages = [.. loose.Select(
                (p, i) => found[i].Length == 1 ? StreamMessage.From(found[i][0]) : new StreamMessage(p.MessageId, []))];
            await deliveries.DeliverAsync(messages, loose.ToDictionary(p => p.MessageId, p => (long)p.DeliveryCount), stop).ConfigureAwait(false);
        }
    }

    private Task<bool> OnFailureAsync(Exception failure)
    {
        RecoverOwnPending();
        return group.RecoverAsync(failure);
    }
}
