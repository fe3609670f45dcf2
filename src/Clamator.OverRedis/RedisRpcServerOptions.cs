using Clamator.Transport;

namespace Clamator.OverRedis;

/// <summary>Settings of a <see cref="RedisRpcServer"/>, with the defaults of docs/protocol.md §5.4.</summary>
public sealed class RedisRpcServerOptions : RedisTransportOptions
{
    /// <summary>Replies are added with <c>MAXLEN ~ n</c>; default 1024.</summary>
    public int ReplyStreamMaxLength { get; set; } = 1024;

    /// <summary>Entries pending longer than this are reclaimed (from crashed workers); default 60 s. Reclaim runs every max(1 s, this / 4).</summary>
    public TimeSpan ConsumerClaimIdle { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long stop waits for running handlers; default 5 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Entries read per <c>XREADGROUP</c>; default 16.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Handlers running at once per service; default <see cref="RpcServerLimits.DefaultMaxConcurrency"/>, 1 (in order,
    /// as the reference servers).
    /// </summary>
    public int MaxConcurrency { get; set; } = RpcServerLimits.DefaultMaxConcurrency;

    /// <summary>Larger envelopes are rejected as invalid (-32600 when correlatable); default 1 MiB.</summary>
    public int MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>An entry delivered more often than this is dead-lettered; default 5.</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// A consumer of the group idle longer than this with nothing pending is removed (a worker that is gone);
    /// default 1 h. One with pending entries never is: they are reclaimed first.
    /// </summary>
    public TimeSpan ConsumerPruneIdle { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The server writes a heartbeat for each service it serves every third of this (docs/protocol.md §5.5); callers judge it
    /// gone once its last beat is older than this, and calls to a service without live servers fail at once; default 15 s.
    /// </summary>
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Dead-letter streams are capped at about this many entries (<c>MAXLEN ~</c>); default 10,000.</summary>
    public int DeadLetterMaxLength { get; set; } = 10_000;

    private protected override void Validate()
    {
        base.Validate();
        RequirePositive(ReplyStreamMaxLength, nameof(ReplyStreamMaxLength));
        RequirePositive(ConsumerClaimIdle, nameof(ConsumerClaimIdle));
        RequirePositive(BatchSize, nameof(BatchSize));
        RequirePositive(MaxConcurrency, nameof(MaxConcurrency));
        RequirePositive(MaxEnvelopeBytes, nameof(MaxEnvelopeBytes));
        RequirePositive(MaxDeliveries, nameof(MaxDeliveries));
        RequirePositive(ConsumerPruneIdle, nameof(ConsumerPruneIdle));
        RequirePositive(DeadLetterMaxLength, nameof(DeadLetterMaxLength));
        RequirePositive(PresenceTimeout, nameof(PresenceTimeout));
        if (ConsumerPruneIdle <= BlockTime)
        {
            // A live consumer touches the group with every blocking read; only one idle for longer is gone.
            throw new ArgumentOutOfRangeException(nameof(ConsumerPruneIdle), ConsumerPruneIdle, "ConsumerPruneIdle must be longer than BlockTime.");
        }
        if (ShutdownGrace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownGrace), ShutdownGrace, "ShutdownGrace must not be negative.");
        }
    }
}
