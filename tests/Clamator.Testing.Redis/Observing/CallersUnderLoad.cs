using Arith;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Eight callers calling <c>arith.add</c> back to back until stopped, each checking its answers; any failure ends its
/// caller and surfaces from <see cref="StopAsync"/>. Used to put a deployment under load while its topology changes.
/// </summary>
public sealed class CallersUnderLoad
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _callers;
    private int _answered;

    public CallersUnderLoad(RedisRpcClient client) =>
        _callers = [.. Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (int i = 0; !_stop.IsCancellationRequested; i++)
            {
                AddResult result = await client.CallAsync(ArithContract.Add, new AddParams { A = c, B = i });
                Assert.Equal(c + i, result.Sum);
                Interlocked.Increment(ref _answered);
            }
        }))];

    /// <summary>The calls answered so far.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Waits until <paramref name="more"/> more calls than now are answered.</summary>
    public Task AnsweredAsync(int more, TimeSpan guard)
    {
        int target = Answered + more;
        return Eventually.UntilAsync(() => Task.FromResult(Answered >= target), guard);
    }

    /// <summary>Stops the callers; throws what ended any of them.</summary>
    public async Task StopAsync(TimeSpan guard)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers).WaitAsync(guard);
        _stop.Dispose();
    }
}
