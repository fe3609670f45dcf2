namespace Clamator.OverRedis;

/// <summary>
/// The settings of a Redis backend (Clamator.Hosting): the <see cref="Server"/>'s and the <see cref="Client"/>'s own options,
/// both bound from the configuration section <c>Clamator</c> (a named backend: <c>Clamator:&lt;name&gt;</c>) with flat keys
/// (<c>Clamator:KeyPrefix</c>, <c>Clamator:MaxConcurrency</c>, <c>Clamator:DefaultTimeout</c>, …), then adjusted by
/// <c>UseRedis</c>'s callback, and validated when the host starts. Every setting and its default is the transport's own
/// (<see cref="RedisRpcServerOptions"/>, <see cref="RedisRpcClientOptions"/>); the settings both have are set on both here.
/// </summary>
public sealed class ClamatorRedisOptions
{
    /// <summary>The hosted server's settings; those only a server has are set here, e.g. <c>o.Server.BatchSize = 32</c>.</summary>
    // The key prefix is required; it is left unset (null) until configuration or the callback gives it, and validated at start.
    public RedisRpcServerOptions Server { get; } = new() { KeyPrefix = null! };

    /// <summary>The hosted client's settings; those only a client has are set here, e.g. <c>o.Client.ReplyBatchSize = 64</c>.</summary>
    public RedisRpcClientOptions Client { get; } = new() { KeyPrefix = null! };

    /// <summary>The prefix of every key (required), e.g. <c>myapp</c> ⇒ <c>myapp:cmds:arith</c>; sets the server's and the client's.</summary>
    public string? KeyPrefix
    {
        get => Server.KeyPrefix;
        set => Server.KeyPrefix = Client.KeyPrefix = value!;
    }

    /// <summary>
    /// A <c>redis://</c> or <c>rediss://</c> URL; sets the server's and the client's. When <see langword="null"/>, an
    /// <c>IConnectionMultiplexer</c> registered in dependency injection is shared (keyed by the backend's name, else unkeyed);
    /// without one, <c>$REDIS_URL</c> or <c>redis://localhost:6379</c>.
    /// </summary>
    public string? Url
    {
        get => Server.Url;
        set => Server.Url = Client.Url = value;
    }

    /// <summary>
    /// This instance's id (server consumer and client reply stream); sets the server's and the client's. The server and the
    /// client each have a new UUID until it is set; <see langword="null"/> gives each a new one again.
    /// </summary>
    public string? InstanceId
    {
        get => Server.InstanceId;
        set
        {
            Server.InstanceId = value ?? Guid.NewGuid().ToString("D");
            Client.InstanceId = value ?? Guid.NewGuid().ToString("D");
        }
    }

    /// <summary>How long one blocking read waits in Redis; sets the server's and the client's (<see cref="RedisTransportOptions.BlockTime"/>).</summary>
    public TimeSpan BlockTime
    {
        get => Server.BlockTime;
        set => Server.BlockTime = Client.BlockTime = value;
    }

    /// <summary>The TTL of reply streams; sets the server's and the client's (<see cref="RedisTransportOptions.ReplyStreamTtl"/>).</summary>
    public TimeSpan ReplyStreamTtl
    {
        get => Server.ReplyStreamTtl;
        set => Server.ReplyStreamTtl = Client.ReplyStreamTtl = value;
    }

    /// <summary>
    /// The longest pause between retries after a Redis error; sets the server's and the client's
    /// (<see cref="RedisTransportOptions.MaxRetryDelay"/>).
    /// </summary>
    public TimeSpan MaxRetryDelay
    {
        get => Server.MaxRetryDelay;
        set => Server.MaxRetryDelay = Client.MaxRetryDelay = value;
    }

    /// <summary>How long stop waits for running handlers: the server's <see cref="RedisRpcServerOptions.ShutdownGrace"/>.</summary>
    public TimeSpan ShutdownGrace
    {
        get => Server.ShutdownGrace;
        set => Server.ShutdownGrace = value;
    }

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
}
