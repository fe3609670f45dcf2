using Clamator.Transport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// After a reconnect, finds the waiting calls whose requests Redis no longer has and sends those requests again
/// within the calls' deadlines, instead of leaving the calls to time out. A request is lost when its entry is gone
/// from the command stream (our servers trim an entry only after its reply is written and acknowledged) and no reply
/// for it has come a grace period later (the longest pause of a server retrying its reply write): Redis restarted
/// empty, a failover lost the last writes, or someone deleted the stream. A lost call whose deadline has not passed
/// is sent again (the same request: delivery is at least once, and a second reply is dropped by its id); one whose
/// deadline has passed fails as lost. A handler still running on a request Redis lost is not waited for: its late
/// reply ends the call, or is dropped when the reply to the request sent again came first.
/// </summary>
/// <param name="database">The database to read the streams from.</param>
/// <param name="calls">The client's waiting calls.</param>
/// <param name="replies">The client's reply reader, for catching up on replies after the grace period.</param>
/// <param name="resend">Sends a lost call's request again; false when nothing was sent (the call ended, the client stops).</param>
/// <param name="grace">How long a reply may still come for a request gone from its stream.</param>
/// <param name="timeProvider">The clock of the deadlines and the grace period.</param>
/// <param name="logger">Where losses and re-sends are logged.</param>
/// <param name="stop">Cancelled when the client stops.</param>
internal sealed class LostCallAudit(
    Func<IDatabase> database,
    PendingCalls<WaitingCall> calls,
    ReplyReader replies,
    Func<WaitingCall, bool> resend,
    TimeSpan grace,
    TimeProvider timeProvider,
    ILogger logger,
    CancellationToken stop)
{
    // One audit at a time (a requested one, or one run by a test): a call an audit sends again counts as being sent
    // until Redis has it, so the next audit leaves it alone or finds its new entry.
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private int _state; // 0 idle, 1 running, 2 running and asked again

    /// <summary>Asks for an audit; runs one now, or once more after the one running.</summary>
    public void Request()
    {
        int state;
        do
        {
            state = Volatile.Read(ref _state);
            if (state == 2)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _state, state + 1, state) != state);

        if (state == 0)
        {
            _ = Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        do
        {
            try
            {
                await AuditAsync().ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The client stopped: its calls have failed with it.
            }
            catch (Exception ex)
            {
                // Redis went away again: the next reconnect asks for another audit.
                RedisLog.LoopFailed(logger, ex, "lost-call audit", replies.Key);
            }
        }
        while (Interlocked.Decrement(ref _state) > 0);
    }

    /// <summary>One audit; returns the number of lost calls found (sent again or failed).</summary>
    internal async Task<int> AuditAsync()
    {
        await _oneAtATime.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            return await AuditOnceAsync().ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<int> AuditOnceAsync()
    {
        List<WaitingCall> accepted = [.. calls.Where(c => c.IsAccepted)];
        if (accepted.Count == 0)
        {
            return 0;
        }

        IDatabase db = database();
        RedisValue[] entryIds = [.. accepted.Select(c => c.EntryId)];
        StreamEntry[][] found = await Task.WhenAll(accepted.Select((c, i) => db.StreamRangeAsync(c.Stream, entryIds[i], entryIds[i], 1))).ConfigureAwait(false);
        List<LostRequest> gone = [.. accepted.Select((c, i) => new LostRequest(c, entryIds[i])).Where((_, i) => found[i].Length == 0)];
        if (gone.Count == 0)
        {
            return 0;
        }

        // A request trimmed after its reply was written: that reply is on the reply stream. A reply a server is still
        // retrying lands within the grace period. Read what came, then send again what is still waiting.
        await Task.Delay(grace, timeProvider, stop).ConfigureAwait(false);
        await replies.CatchUpAsync(db).ConfigureAwait(false);
        int resent = 0, failed = 0;
        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach ((WaitingCall call, RedisValue entryId) in gone)
        {
            if (call.HasEnded)
            {
                continue;
            }

            if (call.Deadline > now)
            {
                // Not sent when the client is stopping (stop fails the call) or the call ended meanwhile.
                if (resend(call))
                {
                    resent++;
                }
            }
            else if (call.TryFail(new ClamatorTransportException(
                ClamatorTransportErrorKind.Lost,
                $"call lost: its request (entry {entryId} of {call.Stream}) is no longer in Redis and no reply arrived on {replies.Key} before its deadline; " +
                "Redis restarted empty, failed over without it, the stream was deleted, or it was skipped past its deadline")))
            {
                failed++;
            }
        }

        if (resent > 0)
        {
            RedisLog.CallsResent(logger, resent, replies.Key);
        }

        if (failed > 0)
        {
            RedisLog.CallsLost(logger, failed, replies.Key);
        }

        return resent + failed;
    }

    /// <summary>A waiting call whose request entry is gone from its command stream.</summary>
    /// <param name="Call">The call.</param>
    /// <param name="EntryId">The entry Redis no longer has.</param>
    private readonly record struct LostRequest(WaitingCall Call, RedisValue EntryId);
}
