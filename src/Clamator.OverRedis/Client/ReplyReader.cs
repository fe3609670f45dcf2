using Clamator.Transport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Follows a client's reply stream (docs/protocol.md §7.1): <c>XREAD … BLOCK … STREAMS &lt;replies&gt; &lt;last id&gt;</c>
/// on a dedicated connection, starting at <c>0</c>, completing waiting calls by id. Entries without an envelope
/// or with bad JSON are skipped with a warning; replies to unknown ids (late, or duplicates after a reclaim or
/// a retried write) are dropped silently.
/// </summary>
internal sealed class ReplyReader(string key, PendingCalls pending, RedisRpcClientOptions options, ILogger logger, TransportMetrics metrics)
{
    private string _lastId = "0";

    public string Key => key;

    /// <summary>The loop; <paramref name="reader"/> is the dedicated connection.</summary>
    /// <param name="reader">The dedicated connection.</param>
    /// <param name="onFirstReplies">Called once, before the first replies are completed (the stream exists now).</param>
    /// <param name="onRecovered">Called after each read that succeeded following a failed one.</param>
    /// <param name="stop">Ends the loop.</param>
    public Task RunAsync(BlockingReader reader, Action onFirstReplies, Action onRecovered, CancellationToken stop)
    {
        object[] arguments = ["COUNT", options.ReplyBatchSize, "BLOCK", (long)options.BlockTime.TotalMilliseconds, "STREAMS", key, "0"];
        bool failed = false;
        var loop = new LoopRunner("reply", key, logger, options.MaxRetryDelay, options.TimeProvider, l => metrics.LoopRestarted(l, null));
        return loop.RunAsync(
            async _ =>
            {
                arguments[^1] = Volatile.Read(ref _lastId);
                List<StreamMessage> replies = StreamMessage.ParseRead(await reader.ExecuteAsync("XREAD", arguments).ConfigureAwait(false));
                if (failed)
                {
                    failed = false;
                    onRecovered();
                }

                if (replies.Count > 0 && onFirstReplies is { } first)
                {
                    onFirstReplies = null!;
                    first();
                }

                Complete(replies);
            },
            _ =>
            {
                failed = true;
                return Task.FromResult(false);
            },
            stop);
    }

    /// <summary>Reads, without blocking, every reply after the last one the loop has seen (used before deciding a call is lost).</summary>
    public async Task CatchUpAsync(IDatabase database)
    {
        StreamEntry[] entries = await database.StreamRangeAsync(key, "(" + Volatile.Read(ref _lastId), "+").ConfigureAwait(false);
        foreach (StreamEntry entry in entries)
        {
            Complete(StreamMessage.From(entry));
        }
    }

    private void Complete(List<StreamMessage> replies)
    {
        foreach (StreamMessage reply in replies)
        {
            Complete(reply);
        }

        if (replies.Count > 0)
        {
            Volatile.Write(ref _lastId, replies[^1].Id!);
        }
    }

    private void Complete(StreamMessage reply)
    {
        RedisValue envelope = reply[StreamFields.Envelope];
        if (envelope.IsNull)
        {
            RedisLog.BadReply(logger, reply.Id.ToString(), key, "no envelope field");
            return;
        }

        byte[] bytes = (byte[])envelope!;
        Envelope parsed = Envelope.Parse(bytes);
        if (parsed.Kind is not (EnvelopeKind.Success or EnvelopeKind.Error))
        {
            RedisLog.BadReply(logger, reply.Id.ToString(), key, parsed.InvalidReason ?? parsed.Kind.ToString());
        }

        // A malformed reply whose id is readable (nested too deep, say) still ends its call, with the core's
        // protocol error, instead of leaving it to time out.
        if (parsed.Id is { } id && parsed.Kind is not (EnvelopeKind.Request or EnvelopeKind.Notification))
        {
            pending.TryComplete(id.ToString(), bytes);
        }
    }
}
