namespace Clamator.Transport;

/// <summary>The limits a server core enforces on every transport; validated when the core is created.</summary>
public sealed class RpcServerLimits
{
    /// <summary>
    /// The one default of <c>MaxConcurrency</c> on every transport and in Clamator.Hosting: 1, a service's requests run one at
    /// a time in the order they arrived, as the reference servers do (docs/protocol.md §6.4).
    /// </summary>
    public const int DefaultMaxConcurrency = 1;

    /// <summary>The default limits: <see cref="DefaultMaxConcurrency"/> handler slot per service, envelopes up to 1 MiB.</summary>
    public static RpcServerLimits Default { get; } = new();

    /// <summary>
    /// Handlers running at once per service (default <see cref="DefaultMaxConcurrency"/>, 1). Further requests of the service
    /// wait for a slot, in arrival order; with 1, a service's requests run one at a time in the order they arrived.
    /// </summary>
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency;

    /// <summary>
    /// The largest envelope dispatched, in UTF-8 bytes (default 1 MiB); a larger request is answered <c>-32600</c>
    /// <c>too-large</c> when its id can be read (docs/protocol.md §6.3), and is never run; a larger notification is dropped.
    /// </summary>
    public int MaxEnvelopeBytes { get; init; } = 1024 * 1024;

    internal RpcServerLimits Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEnvelopeBytes, 1, nameof(MaxEnvelopeBytes));
        return this;
    }
}
