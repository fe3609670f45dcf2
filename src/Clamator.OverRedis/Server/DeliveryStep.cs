using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Runs one delivered entry to what becomes of it (docs/protocol.md §6.3, §6.8): dead-letter it past
/// <c>MaxDeliveries</c>, drop what cannot be run, or dispatch it to its handler (with its deadline and trace context;
/// the server core rejects it when too large, and skips or cancels it at the deadline) and answer. Runs the handler
/// but writes nothing to Redis, so it is tested without Redis. Never throws: whatever happens becomes an outcome, so
/// no entry is left pending by an error.
/// </summary>
internal sealed class DeliveryStep(ConsumerContext context, IRpcDispatcher dispatcher)
{
    private long _deadlineSkips;

    /// <summary>Entries acknowledged without an answer because their caller's deadline had passed.</summary>
    public long DeadlineSkips => Interlocked.Read(ref _deadlineSkips);

    /// <summary>Waits for one of the server core's handler slots.</summary>
    public ValueTask<DispatchSlot> AcquireSlotAsync(CancellationToken stop) => dispatcher.AcquireSlotAsync(context.Service, stop);

    /// <summary>Runs the entry (its handler included) and returns the outcome for <see cref="DeliveryEffects"/> to carry out.</summary>
    /// <param name="message">The entry.</param>
    /// <param name="deliveries">How many times Redis has delivered it, this time included.</param>
    /// <param name="slot">The handler slot it runs in; freed when the handler returns.</param>
    public async Task<DeliveryOutcome> RunAsync(StreamMessage message, long deliveries, DispatchSlot slot)
    {
        string entryId = message.Id.ToString();
        if (message.Fields.Length == 0)
        {
            // Deleted or trimmed while pending: nothing to run.
            return DeliveryOutcome.Acknowledge;
        }

        RedisValue replyTo = ReplyTarget(message, entryId);
        RedisValue envelope = message[StreamFields.Envelope];
        if (deliveries > context.Options.MaxDeliveries)
        {
            return DeliveryOutcome.DeadLetter(DeadLetterReasons.MaxDeliveries, DeliveryLimitError(envelope, deliveries), replyTo);
        }

        if (envelope.IsNull)
        {
            RedisLog.EntryWithoutEnvelope(context.Logger, entryId, context.Key);
            return DeliveryOutcome.Acknowledge;
        }

        byte[] bytes = (byte[])envelope!;
        try
        {
            // The core answers invalid and oversized envelopes, skips a request already past its deadline and cancels
            // its handler when the deadline passes while it runs.
            DispatchResult result = await dispatcher.DispatchAsync(
                new IncomingRequest(context.Service, bytes, message.Deadline, message.Trace), slot, CancellationToken.None).ConfigureAwait(false);
            return result.Status switch
            {
                DispatchStatus.Completed => DeliveryOutcome.Answer(result.Reply, replyTo),
                DispatchStatus.Expired => SkipExpired(entryId),

                // The server is stopping and did not take it, or abandoned its handler: leave it for another delivery.
                _ => DeliveryOutcome.LeavePending,
            };
        }
        catch (Exception ex)
        {
            // The dispatcher answers every bad input itself; this is a bug. Answer it rather than let it loop.
            RedisLog.EntryFailed(context.Logger, ex, entryId, context.Key);
            return DeliveryOutcome.Answer(Envelope.Parse(bytes).Id is { } id ? EnvelopeWriter.InternalError(id, ex.GetType().Name, ex.Message) : null, replyTo);
        }
    }

    private DeliveryOutcome SkipExpired(string entryId)
    {
        Interlocked.Increment(ref _deadlineSkips);
        RedisLog.DeadlinePassed(context.Logger, entryId, context.Key);
        return DeliveryOutcome.Acknowledge;
    }

    private byte[]? DeliveryLimitError(RedisValue envelope, long deliveries)
    {
        if (envelope.IsNull || Envelope.Parse((byte[])envelope!) is not { Kind: EnvelopeKind.Request, Id: { } id })
        {
            return null;
        }

        return EnvelopeWriter.InternalError(id, "DeliveryLimitExceeded",
            $"The request was delivered {deliveries} times, more than MaxDeliveries ({context.Options.MaxDeliveries}); it was moved to {context.DeadKey}.");
    }

    /// <summary>The entry's <c>reply-to</c> when it names a reply stream under this prefix; replies go nowhere else.</summary>
    private RedisValue ReplyTarget(StreamMessage message, string entryId)
    {
        RedisValue replyTo = message[StreamFields.ReplyTo];
        if (replyTo.IsNullOrEmpty)
        {
            return RedisValue.Null;
        }

        string target = replyTo!;
        if (target.StartsWith(context.RepliesPrefix, StringComparison.Ordinal) && target.Length > context.RepliesPrefix.Length)
        {
            return replyTo;
        }

        RedisLog.ForeignReplyTo(context.Logger, entryId, context.Key, target, context.RepliesPrefix);
        return RedisValue.Null;
    }

}
