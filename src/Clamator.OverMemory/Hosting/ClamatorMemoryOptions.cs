using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>
/// The settings of an in-memory backend, bound from the configuration section <c>Clamator</c> (a named backend:
/// <c>Clamator:&lt;name&gt;</c>) and then from <c>UseMemory</c>'s callback, validated when the host starts (Clamator.Hosting).
/// </summary>
public sealed class ClamatorMemoryOptions
{
    /// <summary>How long stop waits for running handlers; default 5 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Handlers running at once per service; default <see cref="RpcServerLimits.DefaultMaxConcurrency"/> (1: a
    /// service's calls run one at a time, in order).
    /// </summary>
    public int MaxConcurrency { get; set; } = RpcServerLimits.DefaultMaxConcurrency;

    /// <summary>Larger envelopes are rejected as invalid (-32600 when correlatable); default 1 MiB.</summary>
    public int MaxEnvelopeBytes { get; set; } = RpcServerLimits.Default.MaxEnvelopeBytes;

    /// <summary>The timeout of calls that give none; default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
