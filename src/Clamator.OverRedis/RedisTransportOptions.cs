using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Settings shared by <see cref="RedisRpcServerOptions"/> and <see cref="RedisRpcClientOptions"/>: keys,
/// identity and the Redis connection. Give at most one of <see cref="Url"/>, <see cref="Configuration"/> and
/// <see cref="Connection"/>; with none, <c>$REDIS_URL</c> is used, else <c>redis://localhost:6379</c>.
/// </summary>
/// <remarks>
/// The settings have setters, so Clamator.Hosting binds them from configuration (flat keys, e.g. <c>Clamator:BlockTime</c>)
/// and <c>UseRedis</c>'s callback sets them; what dependency injection provides (the connection, logging, clock, meters) is
/// <c>init</c>-only, which configuration binding skips, and reaches hosted servers and clients through <see cref="WithServices"/>.
/// A new setting is added here or in the derived class it belongs to, nowhere else.
/// </remarks>
public abstract class RedisTransportOptions
{
    private IConnectionMultiplexer? _connection;
    private bool _waitForRedis;
    private ILoggerFactory? _loggerFactory;
    private TimeProvider _timeProvider = TimeProvider.System;
    private System.Diagnostics.Metrics.IMeterFactory? _meterFactory;

    private protected RedisTransportOptions()
    {
    }

    /// <summary>The prefix of every key, used verbatim (required), e.g. <c>myapp</c> ⇒ <c>myapp:cmds:arith</c>.</summary>
    public required string KeyPrefix { get; set; }

    /// <summary>This instance's id; a new UUID v4 by default. Use a stable id per deployment slot to resume its own pending work after a restart.</summary>
    public string InstanceId { get; set; } = Guid.NewGuid().ToString("D");

    /// <summary>A <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c> (TLS) URL. The connection is owned.</summary>
    public string? Url { get; set; }

    /// <summary>StackExchange.Redis configuration. The connection is owned.</summary>
    public ConfigurationOptions? Configuration { get; init; }

    /// <summary>A connection to share; never closed by Clamator. Blocking reads get their own connections to the same server.</summary>
    public IConnectionMultiplexer? Connection { get => _connection; init => _connection = value; }

    /// <summary>How long one blocking read waits in Redis before it is re-issued; default 2 s. Does not affect latency.</summary>
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The TTL of reply streams, so no reply stream outlives its client: a server sets it with every reply it
    /// writes (the stream has it from the moment it exists), and a client refreshes it on its own stream every
    /// TTL/4 while it runs; default 10 min.
    /// </summary>
    public TimeSpan ReplyStreamTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest pause between retries after a Redis error (the first is 100 ms, doubling with jitter); default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What <c>StartAsync</c> does when Redis cannot be reached or refuses the credentials. <see langword="false"/> (the
    /// default): it fails as soon as the OS or Redis says why (connection refused, host not found, credentials refused),
    /// with a <see cref="ClamatorTransportException"/> of kind <see cref="ClamatorTransportErrorKind.ConnectionFailed"/> or
    /// <see cref="ClamatorTransportErrorKind.AuthenticationFailed"/>. <see langword="true"/>: it keeps trying with backoff
    /// (100 ms doubling to <see cref="MaxRetryDelay"/>) until Redis answers or its token is cancelled, logging one warning
    /// when it starts waiting and one Information line when Redis answers; a client's calls meanwhile fail at once with the
    /// reason. Clamator.Hosting starts its backends this way, in the background.
    /// </summary>
    public bool WaitForRedis { get => _waitForRedis; init => _waitForRedis = value; }

    /// <summary>Where to log; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get => _loggerFactory; init => _loggerFactory = value; }

    /// <summary>The clock for timers; the system clock by default.</summary>
    public TimeProvider TimeProvider { get => _timeProvider; init => _timeProvider = value; }

    /// <summary>
    /// Creates the <c>Clamator</c> meter (DI's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>); a meter of its
    /// own when <see langword="null"/>.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get => _meterFactory; init => _meterFactory = value; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    private protected virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            throw new ArgumentException("KeyPrefix is required.", nameof(KeyPrefix));
        }

        if (string.IsNullOrWhiteSpace(InstanceId))
        {
            throw new ArgumentException("InstanceId must not be empty.", nameof(InstanceId));
        }

        int sources = (Url is null ? 0 : 1) + (Configuration is null ? 0 : 1) + (Connection is null ? 0 : 1);
        if (sources > 1)
        {
            throw new ArgumentException("Give at most one of Url, Configuration and Connection.");
        }

        if (Url is not null)
        {
            RedisUrl.Parse(Url);
        }

        RequirePositive(BlockTime, nameof(BlockTime));
        RequirePositive(MaxRetryDelay, nameof(MaxRetryDelay));
        RequirePositive(ReplyStreamTtl, nameof(ReplyStreamTtl));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    /// <summary>
    /// A copy of <paramref name="options"/> once it is known valid (throws otherwise): a server or client keeps the copy, so
    /// setting the options afterwards changes neither it nor what was validated.
    /// </summary>
    internal static TOptions Validated<TOptions>(TOptions options)
        where TOptions : RedisTransportOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = (TOptions)options.MemberwiseClone();
        copy.Validate();
        return copy;
    }

    /// <summary>
    /// A copy of these settings with what Clamator.Hosting provides: the shared <paramref name="sharedConnection"/> (only when
    /// no <see cref="Url"/> or <see cref="Configuration"/> is given), waiting for Redis, and dependency injection's logging,
    /// clock and meters.
    /// </summary>
    internal TOptions WithServices<TOptions>(
        IConnectionMultiplexer? sharedConnection, ILoggerFactory? logging, TimeProvider? clock, System.Diagnostics.Metrics.IMeterFactory? meters)
        where TOptions : RedisTransportOptions
    {
        var copy = (TOptions)MemberwiseClone();
        copy._connection = Url is null && Configuration is null ? sharedConnection : null;
        copy._waitForRedis = true;
        copy._loggerFactory = logging;
        copy._timeProvider = clock ?? TimeProvider.System;
        copy._meterFactory = meters;
        return copy;
    }

    /// <summary>Where Redis is, for logs: the URL without its password, or the endpoints of the configuration or shared connection.</summary>
    internal string DisplayUrl(string endPoints) => Url is not null ? RedisUrl.Redact(Url)
        : Connection is not null ? $"{endPoints} (shared connection)"
        : Configuration is not null ? $"{endPoints} (configuration)"
        : RedisUrl.Redact(RedisUrl.Default);

    internal ILogger LoggerFor<TCategory>() => LoggerFactory?.CreateLogger<TCategory>() ?? NullLogger<TCategory>.Instance;

    private protected static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    private protected static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }
}
