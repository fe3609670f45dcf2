using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>
/// Runs one of the transport's loops until it is stopped: a pass that fails is logged and the loop backs off
/// (100 ms doubling with jitter up to the configured cap) and carries on. No error ends a loop; a missing
/// consumer group is handed to <c>recover</c>, which recreates it, and the loop resumes at once. An outage logs one
/// warning with the exception when the loop starts failing, a Debug line per retry, and one Information line when it
/// recovers (how long it failed, how many retries).
/// </summary>
/// <param name="loop">The loop's name, for logs and metrics.</param>
/// <param name="key">The key it works on, for logs.</param>
/// <param name="logger">Where failures are logged.</param>
/// <param name="maxRetryDelay">The backoff's cap.</param>
/// <param name="timeProvider">The backoff's clock.</param>
/// <param name="restarted">Called with the loop's name on every failed pass (the restart counter).</param>
internal sealed class LoopRunner(string loop, string key, ILogger logger, TimeSpan maxRetryDelay, TimeProvider timeProvider, Action<string>? restarted = null)
{
    private const long NotFailing = long.MinValue;
    private long _failingSince = NotFailing;
    private int _retries;
    private int _warned;

    public string Name => loop;

    /// <summary>Whether its Redis work failed and has not succeeded since: the loop is backing off and retrying.</summary>
    public bool Failing => FailingSince is not null;

    /// <summary>When the first of the failures not yet followed by a success happened; <see langword="null"/> when all is well.</summary>
    public DateTimeOffset? FailingSince =>
        Interlocked.Read(ref _failingSince) is var ticks and not NotFailing ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>
    /// Marks the loop's Redis work as done: a pass whose command answered and that then waits (for handler slots,
    /// say) is not failing while it waits. A pass that returns counts as done too.
    /// </summary>
    public void Succeeded()
    {
        long since = Interlocked.Exchange(ref _failingSince, NotFailing);
        if (since != NotFailing && Interlocked.Exchange(ref _warned, 0) == 1)
        {
            TimeSpan failing = timeProvider.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero);
            RedisLog.LoopRecovered(logger, loop, key, Math.Max(0, failing.TotalSeconds), Interlocked.Exchange(ref _retries, 0) + 1);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> every <paramref name="period"/> until <paramref name="stop"/> is cancelled: first
    /// after one period (or at once with <paramref name="atOnce"/>), and right after the backoff when it failed.
    /// </summary>
    public Task RunEveryAsync(
        TimeSpan period, Func<CancellationToken, Task> work, Func<Exception, Task<bool>>? onFailure, CancellationToken stop, bool atOnce = false)
    {
        bool wait = !atOnce;
        return RunAsync(
            async s =>
            {
                if (wait && !Failing)
                {
                    await Task.Delay(period, timeProvider, s).ConfigureAwait(false);
                }

                wait = true;
                await work(s).ConfigureAwait(false);
            },
            onFailure,
            stop);
    }

    /// <summary>Runs <paramref name="pass"/> again and again until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="pass">One pass of the loop; it waits for its own timer or event.</param>
    /// <param name="onFailure">Called with every failure before the loop backs off; returns true when it repaired
    /// the cause (the loop then resumes without waiting).</param>
    /// <param name="stop">Ends the loop.</param>
    public async Task RunAsync(Func<CancellationToken, Task> pass, Func<Exception, Task<bool>>? onFailure, CancellationToken stop)
    {
        var backoff = new Backoff(maxRetryDelay, timeProvider);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await pass(stop).ConfigureAwait(false);
                Succeeded();
                backoff.Reset();
                continue;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failingSince, timeProvider.GetUtcNow().UtcTicks, NotFailing);
                restarted?.Invoke(loop);
                if (await RepairAsync(onFailure, ex).ConfigureAwait(false))
                {
                    continue;
                }

                Failed(ex);
            }

            try
            {
                await backoff.DelayAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> RepairAsync(Func<Exception, Task<bool>>? onFailure, Exception failure)
    {
        if (onFailure is null)
        {
            return false;
        }

        try
        {
            return await onFailure(failure).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Failed(ex);
            return false;
        }
    }

    /// <summary>The first failure of an outage is a warning with the exception; the retries after it are Debug.</summary>
    private void Failed(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _warned, 1, 0) == 0)
        {
            Interlocked.Exchange(ref _retries, 0);
            RedisLog.LoopFailed(logger, failure, loop, key);
        }
        else
        {
            RedisLog.LoopStillFailing(logger, loop, key, Interlocked.Increment(ref _retries), ConnectFailures.Short(failure));
        }
    }
}
