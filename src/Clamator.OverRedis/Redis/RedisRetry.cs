namespace Clamator.OverRedis;

/// <summary>
/// Retries one Redis command through transient failures (connection cut, failover, <c>LOADING</c>, …) with
/// backoff, until it succeeds, fails permanently, or the time allowed for it runs out. Only for commands that
/// are safe to repeat: <c>XACK</c>, <c>EXPIRE</c>, and <c>XADD</c> of entries a duplicate of which is harmless
/// (replies are correlated by id; requests are delivered at least once anyway).
/// </summary>
internal static class RedisRetry
{
    /// <summary>
    /// Runs <paramref name="command"/>; returns <see langword="null"/> once it succeeded, or the last failure when
    /// it failed permanently (<see cref="RedisErrors.Classify"/>), when <paramref name="giveUpAt"/> passed, or
    /// when <paramref name="stop"/> was cancelled.
    /// </summary>
    public static async Task<Exception?> RunAsync<TState>(
        Func<TState, Task> command, TState state, DateTimeOffset giveUpAt, TimeSpan maxRetryDelay, TimeProvider timeProvider, CancellationToken stop)
    {
        Backoff? backoff = null;
        while (true)
        {
            Exception failure;
            try
            {
                await command(state).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (!RedisErrors.IsTransient(failure) || stop.IsCancellationRequested)
            {
                return failure;
            }

            backoff ??= new Backoff(maxRetryDelay, timeProvider);
            TimeSpan left = giveUpAt - timeProvider.GetUtcNow();
            TimeSpan delay = backoff.NextDelay();
            if (left <= delay)
            {
                return failure;
            }

            try
            {
                await Task.Delay(delay, timeProvider, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return failure;
            }
        }
    }
}
