using Clamator.Transport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// After a reconnect, finds the waiting calls that can no longer be answered and fails them within seconds instead
/// of at their timeout. A call is lost when its request entry is gone from the command stream (our servers trim an
/// entry only after its reply is written and acknowledged) and no reply for it has come a grace period later (the
/// longest pause of a server retrying its reply write): Redis restarted empty, a failover lost the last writes, or
/// someone deleted the stream. A handler still running on a request Redis lost is not waited for: its call fails
/// as lost and its late reply is dropped.
/// </summary>
internal sealed class LostCallAudit(
    Func<IDatabase> database, WaitingCalls calls, ReplyReader replies, TimeSpan grace, TimeProvider timeProvider, ILogger logger)
{
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
            catch (Exception ex)
            {
                // Redis went away again: the next reconnect asks for another audit.
                RedisLog.LoopFailed(logger, ex, "lost-call audit", replies.Key);
            }
        }
        while (Interlocked.Decrement(ref _state) > 0);
    }

    /// <summary>One audit; returns the number of calls failed.</summary>
    internal async Task<int> AuditAsync()
    {
        List<WaitingCall> accepted = calls.Accepted();
        if (accepted.Count == 0)
        {
            return 0;
        }

        IDatabase db = database();
        StreamEntry[][] found = await Task.WhenAll(accepted.Select(s => db.StreamRangeAsync(s.Stream, s.EntryId, s.EntryId, 1))).ConfigureAwait(false);
        List<WaitingCall> gone = [.. accepted.Where((s, i) => found[i].Length == 0)];
        if (gone.Count == 0)
        {
            return 0;
        }

        // A request trimmed after its reply was written: that reply is on the reply stream. A reply a server is still
        // retrying lands within the grace period. Read what came, then fail what is still waiting.
        await Task.Delay(grace, timeProvider).ConfigureAwait(false);
        await replies.CatchUpAsync(db).ConfigureAwait(false);
        int failed = 0;
        foreach (WaitingCall request in gone)
        {
            if (request.TryFail(new ClamatorTransportException(
                $"call lost: its request (entry {request.EntryId} of {request.Stream}) is no longer in Redis and no reply arrived on {replies.Key}; " +
                "Redis restarted empty, failed over without it, the stream was deleted, or it was skipped past its deadline")))
            {
                failed++;
            }
        }

        if (failed > 0)
        {
            RedisLog.CallsLost(logger, failed, replies.Key);
        }

        return failed;
    }
}
