namespace Clamator.OverRedis;

/// <summary>Exponential backoff with jitter (each delay is 50–100 % of the step): 100 ms, doubling up to a cap; reset after a success.</summary>
internal sealed class Backoff(TimeSpan cap, TimeProvider timeProvider)
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private TimeSpan _next = First;

    public void Reset() => _next = First;

    /// <summary>The next delay; each call doubles the step up to the cap.</summary>
    public TimeSpan NextDelay()
    {
        TimeSpan delay = TimeSpan.FromMilliseconds((_next.TotalMilliseconds / 2) + (Random.Shared.NextDouble() * _next.TotalMilliseconds / 2));
        _next = TimeSpan.FromTicks(Math.Min(cap.Ticks, _next.Ticks * 2));
        return delay;
    }

    public Task DelayAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), timeProvider, cancellationToken);
}
