using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Carries out a <see cref="DeliveryOutcome"/> in Redis: writes the reply (giving the reply stream its TTL),
/// dead-letters, and acknowledges — never acknowledging a request before its reply is written (docs/protocol.md §6.6).
/// Transient failures are retried with backoff within the caller's remaining deadline (or, for callers that
/// send none, the claim time); a permanent failure of the reply dead-letters the entry once, with the reason.
/// </summary>
internal sealed class DeliveryEffects(ConsumerContext context, AckBatcher acks, HeldEntries held, DeadLetters deadLetters)
{
    /// <summary>Applies <paramref name="outcome"/>; <paramref name="abandon"/> ends retries when the server gives up on stop.</summary>
    public async Task ApplyAsync(StreamMessage message, long deliveries, DeliveryOutcome outcome, CancellationToken abandon)
    {
        switch (outcome.Action)
        {
            case DeliveryAction.Acknowledge:
                acks.Add(message.Id);
                break;
            case DeliveryAction.Reply:
                await ReplyThenAcknowledgeAsync(message, deliveries, outcome, abandon).ConfigureAwait(false);
                break;
            case DeliveryAction.DeadLetter:
                await DeadLetterAsync(message, deliveries, outcome.Reason!, null, outcome, abandon).ConfigureAwait(false);
                break;
            default:
                held.Release(message.Id);
                break;
        }
    }

    private async Task ReplyThenAcknowledgeAsync(StreamMessage message, long deliveries, DeliveryOutcome outcome, CancellationToken abandon)
    {
        DateTimeOffset? deadline = message.Deadline;
        Exception? failure = await WriteReplyAsync(outcome, GiveUpAt(deadline), abandon).ConfigureAwait(false);
        if (failure is null)
        {
            acks.Add(message.Id);
        }
        else if (!RedisErrors.IsTransient(failure))
        {
            // WRONGTYPE, NOPERM, …: writing it again fails again. Record it once and let it go.
            RedisLog.ReplyRefused(context.Logger, failure, message.Id.ToString(), context.Key, (string?)outcome.ReplyTo ?? "");
            await DeadLetterAsync(message, deliveries, DeadLetterReasons.ReplyFailed, failure.Message, default, abandon).ConfigureAwait(false);
        }
        else if (deadline <= context.TimeProvider.GetUtcNow())
        {
            // Redis stayed unreachable until the caller stopped waiting: nobody needs the reply any more.
            RedisLog.ReplyExpired(context.Logger, failure, message.Id.ToString(), context.Key);
            acks.Add(message.Id);
        }
        else
        {
            // Stopping, or a caller without a deadline and Redis unreachable for the claim time: leave it pending.
            RedisLog.ReplyFailed(context.Logger, failure, message.Id.ToString(), context.Key);
            held.Release(message.Id);
        }
    }

    /// <summary>
    /// Copies the entry to the dead-letter stream (<see cref="DeadLetters"/>), then answers the caller when there is
    /// an answer, then acknowledges. When the copy cannot be written the entry stays pending: it is not lost, and it
    /// is tried again at its next delivery.
    /// </summary>
    private async Task DeadLetterAsync(StreamMessage message, long deliveries, string reason, string? error, DeliveryOutcome outcome, CancellationToken abandon)
    {
        Exception? failure = await deadLetters.WriteOnceAsync(message, deliveries, reason, error, abandon).ConfigureAwait(false);
        if (failure is not null)
        {
            RedisLog.DeadLetterFailed(context.Logger, failure, message.Id.ToString(), context.Key, context.DeadKey);
            held.Release(message.Id);
            return;
        }

        RedisLog.DeadLettered(context.Logger, message.Id.ToString(), context.Key, reason, deliveries, context.DeadKey);
        context.Metrics.DeadLettered(context.Service, reason);
        if (outcome.Reply is not null)
        {
            // Best effort: the entry is safe in the dead-letter stream whatever happens to the answer.
            Exception? replyFailure = await WriteReplyAsync(outcome, GiveUpAt(message.Deadline), abandon).ConfigureAwait(false);
            if (replyFailure is not null)
            {
                RedisLog.ReplyRefused(context.Logger, replyFailure, message.Id.ToString(), context.Key, (string?)outcome.ReplyTo ?? "");
            }
        }

        acks.Add(message.Id);
    }

    /// <summary>
    /// <c>XADD &lt;reply-to&gt; MAXLEN ~ n * type rpc envelope …</c> and <c>EXPIRE &lt;reply-to&gt; ttl NX</c>, plus
    /// <c>EXPIRE … GT</c> when <see cref="ReplyTtlRefresh"/> says the stream's slide is due (Redis 7+; a plain
    /// <c>EXPIRE</c> with every reply before), sent together (pipelined, no await between them), so a reply stream has
    /// a TTL from the moment a reply creates it. A retry sends them all again.
    /// </summary>
    private Task<Exception?> WriteReplyAsync(DeliveryOutcome outcome, DateTimeOffset giveUpAt, CancellationToken abandon)
    {
        // Whether this reply slides the TTL is decided once, so that a retry after a failed attempt sends the slide
        // again (it may have been lost with the XADD) instead of skipping it until the next TTL/4.
        string replyTo = (string)outcome.ReplyTo!;
        bool slide = context.ReplyExpiry == ExpireWhen.HasNoExpiry && context.ReplyTtl.IsDue(replyTo);
        return RedisRetry.RunAsync(
            static s =>
            {
                RedisKey key = s.replyTo;
                Task added = s.context.Database.StreamAddAsync(
                    key,
                    [new NameValueEntry(StreamFields.Type, StreamFields.Rpc), new NameValueEntry(StreamFields.Envelope, s.outcome.Reply)],
                    maxLength: s.context.Options.ReplyStreamMaxLength,
                    useApproximateMaxLength: true);

                // The TTL rides right behind the XADD on the same connection, so Redis applies it at once; its answer is
                // not awaited (one task and one thread-pool completion less per call). The only way it can fail once
                // the XADD succeeded, an ACL without EXPIRE, is refused when the server starts. On Redis 7, NX gives a
                // new stream its TTL with every reply, and GT slides it forward at most once per stream every TTL/4
                // (ReplyTtlRefresh) without shortening a longer TTL the client keeps itself; a client that keeps none
                // (the reference packages) still never loses its stream while replies flow.
                s.context.Database.KeyExpire(key, s.context.Options.ReplyStreamTtl, s.context.ReplyExpiry, CommandFlags.FireAndForget);
                if (s.slide)
                {
                    s.context.Database.KeyExpire(key, s.context.Options.ReplyStreamTtl, ExpireWhen.GreaterThanCurrentExpiry, CommandFlags.FireAndForget);
                }

                return added;
            },
            (context, outcome, replyTo, slide),
            giveUpAt, context.Options.MaxRetryDelay, context.TimeProvider, abandon);
    }

    /// <summary>Retries end at the caller's deadline; for callers that send none, after the claim time.</summary>
    private DateTimeOffset GiveUpAt(DateTimeOffset? deadline) => deadline ?? context.TimeProvider.GetUtcNow() + context.Schedule.ClaimIdle;
}
