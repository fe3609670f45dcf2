using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// The connections of one server or client: a shared multiplexer for ordinary commands (injected and
/// never closed, or owned) and dedicated RESP2 connections for blocking reads.
/// </summary>
/// <remarks>
/// StackExchange.Redis pipelines every command of a multiplexer over one socket, so a blocking
/// <c>XREADGROUP</c>/<c>XREAD</c> there would stall every other command. Each blocking reader therefore
/// gets its own connection, pinned to RESP2 so stream replies are arrays whatever the server's default.
/// </remarks>
internal sealed class RedisConnections : IAsyncDisposable
{
    private static readonly Version Redis7 = new(7, 0);

    /// <summary>Without pub/sub, StackExchange.Redis opens no subscription connection; without <c>CLUSTER</c>, it discovers no other node.</summary>
    private static readonly CommandMap SingleSocket = CommandMap.Create(["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "CLUSTER"], available: false);

    /// <summary>Clamator uses no pub/sub: an owned connection opens no subscription socket (except with Sentinel, whose failover notices come by pub/sub).</summary>
    private static readonly CommandMap NoPubSub = CommandMap.Create(["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"], available: false);
    private readonly ConfigurationOptions _configuration;
    private readonly IConnectionMultiplexer? _injected;
    private readonly TimeSpan _blockTime;
    private IConnectionMultiplexer? _owned;

    public RedisConnections(RedisTransportOptions options)
    {
        _injected = options.Connection;
        _blockTime = options.BlockTime;
        _configuration = options.Configuration?.Clone()
            ?? (options.Connection is { } connection
                ? ConfigurationOptions.Parse(connection.Configuration)
                : RedisUrl.Parse(options.Url ?? RedisUrl.Default));
        _configuration.AbortOnConnectFail = false;
    }

    /// <summary>The shared connection; valid after <see cref="ConnectAsync"/>.</summary>
    public IDatabase Database { get; private set; } = null!;

    /// <summary>The shared multiplexer; valid after <see cref="ConnectAsync"/>.</summary>
    public IConnectionMultiplexer Multiplexer => Database.Multiplexer;

    /// <summary>
    /// How servers set the TTL of reply streams: only where none is set (<c>EXPIRE … NX</c>, so a client's own TTL
    /// stands) when every node runs Redis 7 or later; otherwise always.
    /// </summary>
    public ExpireWhen ReplyExpiry { get; private set; } = ExpireWhen.Always;

    public async Task ConnectAsync()
    {
        try
        {
            IConnectionMultiplexer multiplexer = _injected ?? (_owned = await ConnectionMultiplexer.ConnectAsync(OwnedConfiguration()).ConfigureAwait(false));
            Database = multiplexer.GetDatabase();
            await Database.PingAsync().ConfigureAwait(false);
            ReplyExpiry = multiplexer.GetServers() is { Length: > 0 } servers && servers.All(s => s.Version >= Redis7)
                ? ExpireWhen.HasNoExpiry
                : ExpireWhen.Always;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClamatorTransportException(RedisErrors.KindOf(ex), $"Cannot reach Redis at {string.Join(", ", _configuration.EndPoints)}: {ex.Message}", ex);
        }
    }

    private ConfigurationOptions OwnedConfiguration()
    {
        ConfigurationOptions config = _configuration.Clone();
        if (config.ServiceName is null && ReferenceEquals(config.CommandMap, CommandMap.Default))
        {
            config.CommandMap = NoPubSub;
            config.ConfigurationChannel = string.Empty;
        }

        return config;
    }

    /// <summary>Round-trips a <c>PING</c> on the shared connection; throws <see cref="ClamatorTransportException"/> when Redis does not answer.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        IDatabase database = Database ?? throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, "Not connected to Redis: the transport has not started.");
        try
        {
            return await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new ClamatorTransportException(RedisErrors.KindOf(ex), $"Redis at {string.Join(", ", _configuration.EndPoints)} does not answer PING: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Opens the dedicated connection that reads <paramref name="key"/> with blocking commands, on the primary that
    /// owns it (<see cref="BlockingReader"/>): one socket, with the shared configuration's TLS, user and password.
    /// Throws <see cref="ClamatorTransportException"/> when the owner cannot be found or reached (on a cluster, a
    /// denied <c>EXISTS</c> or <c>CLUSTER NODES</c> among others), like every other start failure.
    /// </summary>
    public async Task<BlockingReader> OpenReaderAsync(string purpose, RedisKey key)
    {
        var reader = new BlockingReader(Database, key, endPoint => ConnectionMultiplexer.ConnectAsync(ReaderConfiguration(purpose, endPoint)));
        try
        {
            await reader.ConnectAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw new ClamatorTransportException(
                RedisErrors.KindOf(ex),
                $"Cannot open the blocking reader of {key} on the primary that serves it (on a cluster a user needs +exists and +cluster|nodes): {ex.Message}", ex);
        }

        return reader;
    }

    /// <summary>
    /// The shared configuration narrowed to one socket to <paramref name="endPoint"/>: no Sentinel, no cluster
    /// discovery (<c>CLUSTER</c> unavailable, so it never connects to other nodes), no pub/sub connection, RESP2 (stream
    /// replies are arrays whatever the server's default), commands fail at once while disconnected (the reader then
    /// re-resolves the owner instead of waiting in a backlog), and timeouts longer than the block time.
    /// </summary>
    internal ConfigurationOptions ReaderConfiguration(string purpose, System.Net.EndPoint endPoint)
    {
        ConfigurationOptions config = _configuration.Clone();
        config.EndPoints.Clear();
        config.EndPoints.Add(endPoint);
        config.ServiceName = null;
        config.Protocol = RedisProtocol.Resp2;
        config.ClientName = $"clamator:{purpose}";
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.TieBreaker = string.Empty;
        config.ConfigurationChannel = string.Empty;
        if (ReferenceEquals(config.CommandMap, CommandMap.Default))
        {
            config.CommandMap = SingleSocket;
        }

        int timeout = (int)Math.Min(int.MaxValue, _blockTime.TotalMilliseconds + 10_000);
        config.AsyncTimeout = Math.Max(config.AsyncTimeout, timeout);
        config.SyncTimeout = Math.Max(config.SyncTimeout, timeout);
        return config;
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is { } owned)
        {
            _owned = null;
            await owned.CloseAsync().ConfigureAwait(false);
            owned.Dispose();
        }
    }
}
