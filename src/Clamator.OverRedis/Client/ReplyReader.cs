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
internal sealed class ReplyReader(string key, PendingCalls<WaitingCall> calls, RedisRpcClientOptions options, ILogger logger, TransportMetrics metrics)
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
                RedisResult read = await reader.ExecuteAsync("XREAD", arguments).ConfigureAwait(false);
                if (failed)
                {
                    failed = false;
                    onRecovered();
                }

                if (onFirstReplies is { } first && !read.IsNull && read.Length > 0)
                {
                    onFirstReplies = null!;
                    first();
                }

                CompleteRead(read);
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
            Complete(entry.Id, entry.IsNull ? RedisValue.Null : entry[StreamFields.Envelope]);
        }
    }

    /// <summary>
    /// Completes the calls of the replies in an <c>XREAD</c> result for this one stream: nil (timeout) or
    /// <c>[[key, [[id, [field, value, ...]], ...]]]</c> (a RESP3 map <c>{key: entries}</c> too), read in place,
    /// since every reply passes here.
    /// </summary>
    private void CompleteRead(RedisResult read)
    {
        if (read.IsNull || read.Length == 0)
        {
            return;
        }

        RedisResult entries = read.Resp3Type == ResultType.Map ? read[1] : read[0][1];
        RedisValue last = RedisValue.Null;
        for (int i = 0; i < entries.Length; i++)
        {
            RedisResult entry = entries[i];
            last = (RedisValue)entry[0];
            Complete(last, EnvelopeField(entry[1]));
        }

        if (!last.IsNull)
        {
            Volatile.Write(ref _lastId, (string)last!);
        }
    }

    private static RedisValue EnvelopeField(RedisResult fields)
    {
        if (!fields.IsNull)
        {
            for (int f = 0; f + 1 < fields.Length; f += 2)
            {
                if (((ReadOnlyMemory<byte>)(RedisValue)fields[f]).Span.SequenceEqual("envelope"u8)) // StreamFields.EnvelopeName, compared without decoding
                {
                    return (RedisValue)fields[f + 1];
                }
            }
        }

        return RedisValue.Null;
    }

    private void Complete(RedisValue entryId, RedisValue envelope)
    {
        if (envelope.IsNull)
        {
            RedisLog.BadReply(logger, entryId.ToString(), key, "no envelope field");
            return;
        }

        // Parsed once, here: the waiting call takes the envelope as it is.
        Envelope parsed = Envelope.Parse((ReadOnlyMemory<byte>)envelope);
        if (parsed.Kind is not (EnvelopeKind.Success or EnvelopeKind.Error))
        {
            RedisLog.BadReply(logger, entryId.ToString(), key, parsed.InvalidReason ?? parsed.Kind.ToString());
        }

        // A malformed reply whose id is readable (nested too deep, say) still ends its call, with the core's
        // protocol error, instead of leaving it to time out.
        if (parsed.Id is not null && parsed.Kind is not (EnvelopeKind.Request or EnvelopeKind.Notification))
        {
            calls.TryComplete(parsed);
        }
    }
}
