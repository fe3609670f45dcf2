using Clamator.Hosting;
using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>
/// Runs the start of a server or client: once (a failure is the caller's, at once), or, with
/// <see cref="RedisTransportOptions.WaitForRedis"/>, again and again with backoff (100 ms doubling to
/// <see cref="RedisTransportOptions.MaxRetryDelay"/>, with jitter) until it succeeds or is cancelled. While it waits it logs
/// one warning with the first failure's one-line reason, a Debug line per retry (with the exception), and one Information
/// line when Redis answers.
/// </summary>
internal sealed class StartupWait(string role, string where, RedisTransportOptions options, ILogger logger) : IStartupWait
{
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ClamatorTransportException? _lastFailure;

    /// <summary>Completes when the first attempt has succeeded or failed (a host waits this long for a backend at most).</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>Why the latest attempt failed while the start is still waiting; <see langword="null"/> once started or before any failure.</summary>
    public ClamatorTransportException? LastFailure => _lastFailure;

    /// <summary>Whether the start is still trying (an attempt failed and it waits to try again).</summary>
    public bool Waiting => _lastFailure is not null;

    public async Task RunAsync(Func<CancellationToken, Task> attempt, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.MaxRetryDelay, options.TimeProvider);
        long started = options.TimeProvider.GetTimestamp();
        int retries = 0;
        while (true)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                _lastFailure = null;
                _firstAttempt.TrySetResult();
                if (retries > 0)
                {
                    RedisLog.StartRecovered(logger, role, where, options.TimeProvider.GetElapsedTime(started).TotalSeconds, retries);
                }

                return;
            }
            catch (ClamatorTransportException ex) when (options.WaitForRedis && !cancellationToken.IsCancellationRequested
                && ex.Kind != ClamatorTransportErrorKind.Stopped)
            {
                _lastFailure = ex;
                _firstAttempt.TrySetResult();
                if (retries == 0)
                {
                    RedisLog.StartWaiting(logger, role, where, ex.Message);
                }
                else
                {
                    RedisLog.StartRetrying(logger, ex, role, where, retries, ex.Message);
                }

                retries++;
            }
            catch
            {
                _lastFailure = null;
                _firstAttempt.TrySetResult();
                throw;
            }

            await backoff.DelayAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
