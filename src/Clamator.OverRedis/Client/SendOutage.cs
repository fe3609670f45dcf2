using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>
/// Logs a client's failing request and notification sends as one outage, not one warning per call: the first transient
/// failure is a warning with its exception, the sends retried after it are Debug, and the first send that lands after
/// them logs one Information line with how long it lasted and how many sends were retried.
/// </summary>
internal sealed class SendOutage(string stream, ILogger logger, TimeProvider timeProvider)
{
    private const long NotFailing = long.MinValue;
    private long _since = NotFailing;
    private int _retried;

    /// <summary>A send failed transiently and will be retried.</summary>
    public void Failed(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _since, timeProvider.GetTimestamp(), NotFailing) == NotFailing)
        {
            Interlocked.Exchange(ref _retried, 1);
            RedisLog.SendRetried(logger, failure, stream);
        }
        else
        {
            RedisLog.SendStillRetrying(logger, stream, Interlocked.Increment(ref _retried), ConnectFailures.Short(failure));
        }
    }

    /// <summary>A send landed: ends the outage, if any (one read when there is none).</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _since) == NotFailing)
        {
            return;
        }

        long since = Interlocked.Exchange(ref _since, NotFailing);
        if (since != NotFailing)
        {
            RedisLog.SendRecovered(logger, stream, timeProvider.GetElapsedTime(since).TotalSeconds, Interlocked.Exchange(ref _retried, 0));
        }
    }
}
