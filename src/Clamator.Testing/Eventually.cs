using System.Diagnostics;

namespace Clamator.Testing;

/// <summary>Follows state that changes on its owner's own schedule (pruning, trimming, health after a restart) until it shows the outcome.</summary>
public static class Eventually
{
    /// <summary>
    /// Probes every 50 ms until <paramref name="done"/> holds; past <paramref name="guard"/>, throws a
    /// <see cref="TimeoutException"/> naming the last value seen (<paramref name="describe"/>, or its <c>ToString</c>).
    /// </summary>
    /// <typeparam name="T">The type of the value probed.</typeparam>
    /// <param name="probe">Reads the value.</param>
    /// <param name="done">Whether the value is the outcome waited for.</param>
    /// <param name="guard">How long to wait at most.</param>
    /// <param name="describe">Describes the last value in the timeout's message; null: its <c>ToString</c>.</param>
    /// <returns>The first value that is done.</returns>
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

    /// <summary>
    /// Probes <paramref name="condition"/> every 50 ms until it holds; past <paramref name="guard"/>, throws a
    /// <see cref="TimeoutException"/>.
    /// </summary>
    /// <param name="condition">The probe.</param>
    /// <param name="guard">How long to wait at most.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan guard) => UntilAsync(condition, ok => ok, guard);
}
