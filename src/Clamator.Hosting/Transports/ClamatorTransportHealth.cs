namespace Clamator.Hosting;

/// <summary>What a transport's health probe found for one backend: healthy, degraded (with reasons) or down (with why).</summary>
public sealed class ClamatorTransportHealth
{
    private ClamatorTransportHealth(string? down, Exception? exception, IReadOnlyList<string> degraded)
    {
        Down = down;
        Exception = exception;
        Degraded = degraded;
    }

    /// <summary>Nothing to report.</summary>
    public static ClamatorTransportHealth Healthy { get; } = new(null, null, []);

    /// <summary>Why the backend cannot serve or call (reported with the registration's failure status); <see langword="null"/> when it can.</summary>
    public string? Down { get; }

    /// <summary>The failure behind <see cref="Down"/>, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>Why the backend works but not well (each a sentence naming the backend); empty when all is well.</summary>
    public IReadOnlyList<string> Degraded { get; }

    /// <summary>The backend is down: the check reports the registration's failure status with <paramref name="description"/>.</summary>
    /// <param name="description">One sentence: what is down, naming the backend (<see cref="ClamatorHealthContext.Backend"/>).</param>
    /// <param name="exception">The failure behind it, if any.</param>
    /// <returns>The result.</returns>
    public static ClamatorTransportHealth Unhealthy(string description, Exception? exception = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        return new(description, exception, []);
    }

    /// <summary>The backend works but not well: the check reports Degraded with the reasons (when nothing is down).</summary>
    /// <param name="reasons">One sentence each, naming the backend; none means healthy.</param>
    /// <returns>The result.</returns>
    public static ClamatorTransportHealth DegradedBy(IEnumerable<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        string[] all = [.. reasons];
        return all.Length == 0 ? Healthy : new(null, null, all);
    }
}
