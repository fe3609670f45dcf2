namespace Clamator.Tests;

/// <summary>Follows Redis state that changes on a server's own schedule (pruning, trimming) until it shows the outcome.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan guard)
    {
        using var timeout = new CancellationTokenSource(guard);
        while (true)
        {
            T value = await probe();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan guard) => UntilAsync(condition, ok => ok, guard);
}
