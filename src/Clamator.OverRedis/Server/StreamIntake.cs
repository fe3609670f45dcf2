namespace Clamator.OverRedis;

/// <summary>
/// The blocking read loop of one service (WIRE.md §2, server behaviour 2): <c>XREADGROUP … BLOCK … &gt;</c> on a
/// dedicated connection, so an idle server wakes the moment a request is added. Before new entries, and again
/// after every failed read, it re-reads this consumer's own pending entries (id <c>0</c>): a restarted worker
/// with a stable id resumes its work at once, and entries Redis handed out in a read whose reply a cut
/// connection lost are run now rather than after the claim time.
/// </summary>
internal sealed class StreamIntake(ConsumerContext context, BlockingReader reader, DeliveryRunner deliveries, ConsumerGroup group)
{
    private readonly object[] _readNew =
    [
        "GROUP", context.Service, context.Consumer, "COUNT", context.Options.BatchSize,
        "BLOCK", (long)context.Options.BlockTime.TotalMilliseconds, "STREAMS", context.Key, ">",
    ];

    private volatile bool _ownPending = true;
    private string _ownFrom = "0";

    public Task RunAsync(CancellationToken stop) => context.Loop("read").RunAsync(PassAsync, OnFailureAsync, stop);

    /// <summary>Asks for this consumer's pending entries to be read again before the next new ones.</summary>
    public void RereadOwnPending()
    {
        _ownFrom = "0";
        _ownPending = true;
    }

    private async Task PassAsync(CancellationToken stop)
    {
        if (!_ownPending)
        {
            List<StreamMessage> messages = StreamMessage.ParseRead(await reader.ExecuteAsync("XREADGROUP", _readNew).ConfigureAwait(false));
            await deliveries.DeliverNewAsync(messages, stop).ConfigureAwait(false);
            return;
        }

        object[] readOwn = (object[])_readNew.Clone();
        readOwn[^1] = _ownFrom;
        List<StreamMessage> own = StreamMessage.ParseRead(await reader.ExecuteAsync("XREADGROUP", readOwn).ConfigureAwait(false));
        if (own.Count == 0)
        {
            _ownPending = false;
            return;
        }

        _ownFrom = own[^1].Id!;
        await deliveries.DeliverCountedAsync(own, stop).ConfigureAwait(false);
    }

    private Task<bool> OnFailureAsync(Exception failure)
    {
        RereadOwnPending();
        return group.RecoverAsync(failure);
    }
}
