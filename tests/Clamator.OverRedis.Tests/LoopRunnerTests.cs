using Clamator.OverRedis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Clamator.Tests;

/// <summary>The transport's loops: a failure is retried after the backoff, and "failing" lasts only until the work succeeds.</summary>
public sealed class LoopRunnerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_periodic_loop_that_failed_once_retries_after_the_backoff_not_a_whole_period_later_and_stops_failing()
    {
        var time = new FakeTimeProvider();
        var loop = new LoopRunner("prune", "k", NullLogger.Instance, TimeSpan.FromSeconds(5), time);
        TimeSpan period = TimeSpan.FromMinutes(15);
        int works = 0;
        var secondWork = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        Task run = Task.Run(() => loop.RunEveryAsync(
            period,
            _ =>
            {
                int n = Interlocked.Increment(ref works);
                if (n == 2)
                {
                    secondWork.TrySetResult();
                }

                return n == 1 ? throw new TimeoutException("blip") : Task.CompletedTask;
            },
            null,
            stop.Token));

        // One period, then the first work fails.
        await Eventually.UntilAsync(() => { time.Advance(TimeSpan.FromSeconds(30)); return Task.FromResult(loop.Failing); }, Guard);
        DateTimeOffset failedAt = time.GetUtcNow();
        Assert.Equal(failedAt, loop.FailingSince!.Value, TimeSpan.FromSeconds(30));

        // The retry comes after the backoff (at most 5 s here), not after another 15 minutes.
        await Eventually.UntilAsync(() => { time.Advance(TimeSpan.FromMilliseconds(500)); return Task.FromResult(secondWork.Task.IsCompleted); }, Guard);
        Assert.True(time.GetUtcNow() - failedAt < TimeSpan.FromSeconds(10));
        await Eventually.UntilAsync(() => Task.FromResult(!loop.Failing), Guard);
        Assert.Null(loop.FailingSince);

        await stop.CancelAsync();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task A_pass_that_reports_its_work_done_is_not_failing_while_it_goes_on_waiting()
    {
        var loop = new LoopRunner("read", "k", NullLogger.Instance, TimeSpan.FromMilliseconds(1), TimeProvider.System);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int passes = 0;
        using var stop = new CancellationTokenSource();
        Task run = Task.Run(() => loop.RunAsync(
            async s =>
            {
                if (Interlocked.Increment(ref passes) == 1)
                {
                    failed.TrySetResult();
                    throw new TimeoutException("blip");
                }

                loop.Succeeded();                      // the read answered
                waiting.TrySetResult();
                await Task.Delay(Timeout.Infinite, s); // then waits for handler slots
            },
            null,
            stop.Token));

        await failed.Task.WaitAsync(Guard);
        await waiting.Task.WaitAsync(Guard);

        Assert.False(loop.Failing);
        await stop.CancelAsync();
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task An_outage_logs_one_warning_with_the_exception_then_debug_retries_and_one_recovery_line_with_its_length_and_retries()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturedLogs();
        var loop = new LoopRunner("read", "k", logs.CreateLogger("t"), TimeSpan.FromSeconds(1), time);
        int passes = 0;
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        Task run = Task.Run(() => loop.RunAsync(
            async s =>
            {
                int n = Interlocked.Increment(ref passes);
                if (n <= 5)
                {
                    throw new TimeoutException($"blip {n}");
                }

                loop.Succeeded();                      // the read answered
                recovered.TrySetResult();
                await Task.Delay(Timeout.Infinite, s);
            },
            null,
            stop.Token));

        await Eventually.UntilAsync(() => { time.Advance(TimeSpan.FromMilliseconds(500)); return Task.FromResult(recovered.Task.IsCompleted); }, Guard);
        await Eventually.UntilAsync(() => Task.FromResult(logs.WithId(2051).Count == 1), Guard);

        CapturedLogs.Entry warning = Assert.Single(logs.WithId(2001));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Equal("blip 1", warning.Exception?.Message);
        Assert.Equal(4, logs.WithId(2050).Count);
        Assert.All(logs.WithId(2050), e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, e.Level));
        Assert.All(logs.WithId(2050), e => Assert.Null(e.Exception));
        CapturedLogs.Entry recovery = Assert.Single(logs.WithId(2051));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, recovery.Level);
        Assert.Matches(@"^The read loop of k recovered after \d+\.\d s, 5 retries$", recovery.Message);

        await stop.CancelAsync();
        await run.WaitAsync(Guard);
    }
}
