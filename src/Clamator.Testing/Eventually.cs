using System.Diagnostics;

namespace Clamator.Tests;

/// <summary>Follows state that changes on its owner's own schedule (pruning, trimming, health after a restart) until it shows the outcome.</summary>
public static class Eventually
{
    /// <summary>
    /// Probes every 50 ms until <paramref name="done"/> holds; past <paramref name="guard"/>, throws a
    /// <see cref="TimeoutException"/> naming the last value seen (<paramref name="describe"/>, or its <c>ToString</c>).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan guard, Func<T, string>? describe = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            T value = await probe();
            if (done(value))
            {
                return value;
            }

            if (waited.Elapsed > guard)
            {
                throw new TimeoutException($"Not reached within {guard}; last seen: {(describe is null ? value?.ToString() : describe(value))}");
            }

            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan guard) => UntilAsync(condition, ok => ok, guard);
}
