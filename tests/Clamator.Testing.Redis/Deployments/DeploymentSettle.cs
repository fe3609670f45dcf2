using System.Diagnostics;

namespace Clamator.Tests;

/// <summary>
/// Polls a test deployment (a cluster, a Sentinel setup) until a condition on its nodes holds. A <c>redis-cli</c>
/// that fails meanwhile counts as not yet: a node changing role closes its connections ("Server closed the
/// connection"). Past its guard it throws, naming what it waited for and the last failure.
/// </summary>
public static class DeploymentSettle
{
    /// <param name="condition">What must hold.</param>
    /// <param name="what">What is waited for, for the timeout's message.</param>
    /// <param name="guard">How long to wait before giving up.</param>
    /// <param name="describe">The deployment and anything else worth printing, given the wait's description.</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan guard, Func<string, string> describe)
    {
        var deadline = Stopwatch.StartNew();
        string? lastError = null;
        while (!await MetAsync())
        {
            if (deadline.Elapsed > guard)
            {
                throw new TimeoutException(describe($"did not settle within {guard}: waiting for {what}{(lastError is null ? "" : $" (last: {lastError})")}."));
            }

            await Task.Delay(50);
        }

        async Task<bool> MetAsync()
        {
            try
            {
                return await condition();
            }
            catch (InvalidOperationException ex)
            {
                lastError = ex.Message;
                return false;
            }
        }
    }
}
