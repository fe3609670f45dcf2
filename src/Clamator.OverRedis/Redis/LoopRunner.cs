using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>
/// Runs one of the transport's loops until it is stopped: a pass that fails is logged and the loop backs off
/// (100 ms doubling with jitter up to the configured cap) and carries on. No error ends a loop; a missing
/// consumer group is handed to <c>recover</c>, which recreates it, and the loop resumes at once.
/// </summary>
/// <param name="loop">The loop's name, for logs and metrics.</param>
/// <param name="key">The key it works on, for logs.</param>
/// <param name="logger">Where failures are logged.</param>
/// <param name="maxRetryDelay">The backoff's cap.</param>
/// <param name="timeProvider">The backoff's clock.</param>
/// <param name="restarted">Called with the loop's name on every failed pass (the restart counter).</param>
internal sealed class LoopRunner(string loop, string key, ILogger logger, TimeSpan maxRetryDelay, TimeProvider timeProvider, Action<string>? restarted = null)
{
    private volatile bool _failing;

    public string Name => loop;

    /// <summary>Whether the latest pass failed: the loop is backing off or retrying, and stays so until a pass succeeds.</summary>
    public bool Failing => _failing;

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
                _failing = false;
                backoff.Reset();
                continue;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _failing = true;
                restarted?.Invoke(loop);
                if (await RepairAsync(onFailure, ex).ConfigureAwait(false))
                {
                    continue;
                }

                RedisLog.LoopFailed(logger, ex, loop, key);
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
            RedisLog.LoopFailed(logger, ex, loop, key);
            return false;
        }
    }
}
