namespace Clamator.OverRedis;

/// <summary>
/// The settings of a Redis backend, bound from the configuration section <c>Clamator</c> (a named backend:
/// <c>Clamator:&lt;name&gt;</c>) and then from <c>UseRedis</c>'s callback, validated when the host starts (Clamator.Hosting).
/// Mapped to <see cref="RedisRpcServerOptions"/> and <see cref="RedisRpcClientOptions"/>; the defaults are theirs.
/// </summary>
public sealed class ClamatorRedisOptions
{
    private static readonly RedisRpcServerOptions ServerDefaults = new() { KeyPrefix = "defaults" };
    private static readonly RedisRpcClientOptions ClientDefaults = new() { KeyPrefix = "defaults" };

    /// <summary>The prefix of every key (required), e.g. <c>myapp</c> ⇒ <c>myapp:cmds:arith</c>.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>
    /// A <c>redis://</c> or <c>rediss://</c> URL. When <see langword="null"/>, an <c>IConnectionMultiplexer</c> registered in
    /// dependency injection is shared (keyed by the backend's name, else unkeyed); without one, <c>$REDIS_URL</c> or
    /// <c>redis://localhost:6379</c>.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>This instance's id (server consumer and client reply stream); a new UUID each when <see langword="null"/>.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Handlers running at once per service; see <see cref="RedisRpcServerOptions.MaxConcurrency"/>.</summary>
    public int MaxConcurrency { get; set; } = ServerDefaults.MaxConcurrency;

    /// <summary>Entries read per <c>XREADGROUP</c>; see <see cref="RedisRpcServerOptions.BatchSize"/>.</summary>
    public int BatchSize { get; set; } = ServerDefaults.BatchSize;

    /// <summary>How long stop waits for running handlers; see <see cref="RedisRpcServerOptions.ShutdownGrace"/>.</summary>
    public TimeSpan ShutdownGrace { get; set; } = ServerDefaults.ShutdownGrace;

    /// <summary>Entries pending longer than this are reclaimed; see <see cref="RedisRpcServerOptions.ConsumerClaimIdle"/>.</summary>
    public TimeSpan ConsumerClaimIdle { get; set; } = ServerDefaults.ConsumerClaimIdle;

    /// <summary>Idle consumers without pending entries are removed after this; see <see cref="RedisRpcServerOptions.ConsumerPruneIdle"/>.</summary>
    public TimeSpan ConsumerPruneIdle { get; set; } = ServerDefaults.ConsumerPruneIdle;

    /// <summary>Servers beat every third of this; callers judge one gone after it; see <see cref="RedisRpcServerOptions.PresenceTimeout"/>.</summary>
    public TimeSpan PresenceTimeout { get; set; } = ServerDefaults.PresenceTimeout;

    /// <summary>Reply streams are capped at about this many entries; see <see cref="RedisRpcServerOptions.ReplyStreamMaxLength"/>.</summary>
    public int ReplyStreamMaxLength { get; set; } = ServerDefaults.ReplyStreamMaxLength;

    /// <summary>Larger envelopes are rejected; see <see cref="RedisRpcServerOptions.MaxEnvelopeBytes"/>.</summary>
    public int MaxEnvelopeBytes { get; set; } = ServerDefaults.MaxEnvelopeBytes;

    /// <summary>Entries delivered more often are dead-lettered; see <see cref="RedisRpcServerOptions.MaxDeliveries"/>.</summary>
    public int MaxDeliveries { get; set; } = ServerDefaults.MaxDeliveries;

    /// <summary>Dead-letter streams are capped at about this many entries; see <see cref="RedisRpcServerOptions.DeadLetterMaxLength"/>.</summary>
    public int DeadLetterMaxLength { get; set; } = ServerDefaults.DeadLetterMaxLength;

    /// <summary>
    /// The health check reports <c>Degraded</c> when a service this backend serves has more entries pending (delivered, not
    /// yet acknowledged, across all its consumers) than this; not checked when <see langword="null"/> (the default).
    /// </summary>
    public long? HealthMaxPending { get; set; }

    /// <summary>
    /// The health check reports <c>Degraded</c> when a service this backend serves lags (entries of its command stream
    /// not yet delivered to its consumer group; Redis 7+) by more than this; not checked when <see langword="null"/> (the default).
    /// </summary>
    public long? HealthMaxLag { get; set; }

    /// <summary>The timeout of calls that give none; see <see cref="RedisRpcClientOptions.DefaultTimeout"/>.</summary>
    public TimeSpan DefaultTimeout { get; set; } = ClientDefaults.DefaultTimeout;

    /// <summary>Replies read per <c>XREAD</c>; see <see cref="RedisRpcClientOptions.ReplyBatchSize"/>.</summary>
    public int ReplyBatchSize { get; set; } = ClientDefaults.ReplyBatchSize;

    /// <summary>How long one blocking read waits in Redis; see <see cref="RedisTransportOptions.BlockTime"/>.</summary>
    public TimeSpan BlockTime { get; set; } = ServerDefaults.BlockTime;

    /// <summary>The TTL of reply streams; see <see cref="RedisTransportOptions.ReplyStreamTtl"/>.</summary>
    public TimeSpan ReplyStreamTtl { get; set; } = ServerDefaults.ReplyStreamTtl;

    /// <summary>The longest pause between retries after a Redis error; see <see cref="RedisTransportOptions.MaxRetryDelay"/>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = ServerDefaults.MaxRetryDelay;
}
