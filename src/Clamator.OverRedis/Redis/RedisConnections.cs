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

    /// <summary>
    /// Clamator uses no pub/sub: an owned connection opens no subscription socket (except with Sentinel, whose failover
    /// notices come by pub/sub).
    /// </summary>
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

    /// <summary>Whether <see cref="ConnectAsync"/> has succeeded: <see cref="Database"/> is set.</summary>
    public bool IsConnected => Database is not null;

    /// <summary>Where Redis is, for messages: the configured endpoints as <c>host:port</c> (never a password).</summary>
    public string Where => ConnectFailures.Format(_configuration.EndPoints);

    /// <summary>
    /// Connects the shared multiplexer, checks that the configured credentials are the ones in use, and round-trips a
    /// <c>PING</c>. Fails as soon as the OS or Redis says why (every endpoint refused, not found, or the credentials
    /// refused), with a one-line <see cref="ClamatorTransportException"/> of kind
    /// <see cref="ClamatorTransportErrorKind.ConnectionFailed"/> or <see cref="ClamatorTransportErrorKind.AuthenticationFailed"/>;
    /// a failed attempt leaves nothing open, so it can be called again.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_injected is { } injected)
        {
            Database = injected.GetDatabase();
        }
        else
        {
            ConnectionMultiplexer owned = await OpenOwnedAsync(cancellationToken).ConfigureAwait(false);
            Database = owned.GetDatabase();
            _owned = owned;
        }

        try
        {
            await VerifyCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await Database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            ReplyExpiry = Database.Multiplexer.GetServers() is { Length: > 0 } servers && servers.All(s => s.Version >= Redis7)
                ? ExpireWhen.HasNoExpiry
                : ExpireWhen.Always;
        }
        catch (Exception ex)
        {
            Database = null!;
            await DisposeAsync().ConfigureAwait(false);
            if (ex is RedisException or TimeoutException)
            {
                throw ConnectFailures.Connect(
                    Where, ex, (ex as RedisConnectionException)?.FailureType ?? ConnectionFailureType.None, _configuration.User,
                    _configuration.Password is not null);
            }

            throw;
        }
    }

    /// <summary>
    /// Creates the owned multiplexer, failing as soon as every endpoint has failed an attempt (the multiplexer still being
    /// created is closed once it is); SE.Redis's own wait (its connect timeout) bounds the rest.
    /// </summary>
    private async Task<ConnectionMultiplexer> OpenOwnedAsync(CancellationToken cancellationToken)
    {
        ConfigurationOptions config = OwnedConfiguration();
        var attempts = new ConnectAttempts(config.EndPoints);
        config.ConnectionAttemptCompleted += attempts.OnCompleted;
        Task<ConnectionMultiplexer> connecting = ConnectionMultiplexer.ConnectAsync(config);

        // A host name that does not resolve starts no attempt (none reports): looked up alongside.
        var unresolved = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            if (await UnresolvedHostAsync(config.EndPoints).ConfigureAwait(false) is { } failure)
            {
                unresolved.TrySetResult(failure);
            }
        }, CancellationToken.None);
        try
        {
            Task first = await Task.WhenAny(connecting, attempts.AllFailed, unresolved.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first == unresolved.Task && !connecting.IsCompleted)
            {
                _ = CloseWhenCreatedAsync(connecting);
                throw Unresolved(unresolved.Task.Result);
            }
        }
        catch (OperationCanceledException)
        {
            _ = CloseWhenCreatedAsync(connecting);
            throw;
        }

        if (!connecting.IsCompleted)
        {
            _ = CloseWhenCreatedAsync(connecting);
            throw Failure(attempts.LastFailure);
        }

        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await connecting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw attempts.LastFailure is { } last ? Failure(last)
                : ConnectFailures.Connect(Where, ex, ConnectionFailureType.UnableToConnect, _configuration.User, _configuration.Password is not null);
        }

        if (!multiplexer.IsConnected)
        {
            // Closed in the background: closing a multiplexer that never connected can take SE.Redis's connect timeout.
            _ = CloseWhenCreatedAsync(connecting);
            throw attempts.LastFailure is null && await UnresolvedHostAsync(config.EndPoints).ConfigureAwait(false) is { } notFound
                ? Unresolved(notFound)
                : Failure(attempts.LastFailure);
        }

        return multiplexer;
    }

    /// <summary>
    /// A host name that does not resolve is reported by no connection attempt (none starts): the lookup error when no
    /// configured endpoint resolves (all are host names that fail to), otherwise <see langword="null"/>.
    /// </summary>
    private static async Task<Exception?> UnresolvedHostAsync(EndPointCollection endPoints)
    {
        Exception? failure = null;
        foreach (System.Net.EndPoint endPoint in endPoints)
        {
            if (endPoint is not System.Net.DnsEndPoint dns)
            {
                return null;
            }

            try
            {
                await System.Net.Dns.GetHostAddressesAsync(dns.Host).ConfigureAwait(false);
                return null;
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                failure ??= ex;
            }
        }

        return failure;
    }

    private ClamatorTransportException Unresolved(Exception lookup) => ConnectFailures.Connect(
        Where,
        new RedisConnectionException(
        ConnectionFailureType.UnableToConnect, CommandFlags.None, $"UnableToConnect on {Where} (resolving the host)", lookup, CommandStatus.Unknown),
        ConnectionFailureType.UnableToConnect,
        _configuration.User,
        _configuration.Password is not null);

    /// <summary>The start's exception for a failed attempt; its inner exception is StackExchange.Redis's (the attempt's cause inside).</summary>
    private ClamatorTransportException Failure(ConnectionAttemptCompletedEventArgs? attempt)
    {
        ConnectionFailureType type = attempt?.FailureType ?? ConnectionFailureType.UnableToConnect;
        Exception detail = attempt?.Exception as RedisConnectionException
            ?? new RedisConnectionException(
                type,
                CommandFlags.None,
                $"{type} on {(attempt?.EndPoint is { } endPoint ? ConnectFailures.Format(endPoint) : Where)} " +
                $"({attempt?.Stage.ToString() ?? "no attempt completed in time"})",
                attempt?.Exception,
                CommandStatus.Unknown);
        return ConnectFailures.Connect(Where, detail, type, _configuration.User, _configuration.Password is not null);
    }

    /// <summary>
    /// StackExchange.Redis goes on when Redis refuses the configured credentials, as whatever user the connection then is
    /// (<c>default</c> where it has no password): the credentials are sent again here, where a refusal fails the start.
    /// <c>AUTH</c> is allowed to every user. A password alone on a Redis whose default user has none is accepted (that is the user it names).
    /// </summary>
    private async Task VerifyCredentialsAsync()
    {
        string? user = _configuration.User;
        string? password = _configuration.Password;
        if (_injected is not null || (user is null && password is null))
        {
            return;
        }

        try
        {
            await Database.ExecuteAsync("AUTH", user is null ? [password!] : [user, password ?? string.Empty]).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (user is null && ex.Message.Contains("without any password configured", StringComparison.Ordinal))
        {
            // The default user needs no password: the connection is the user the URL names.
        }
        catch (RedisServerException ex)
        {
            throw ConnectFailures.Credentials(Where, user, ex.Message.Split(' ', 2)[0], ex);
        }
    }

    private static async Task CloseWhenCreatedAsync(Task<ConnectionMultiplexer> connecting)
    {
        try
        {
            await CloseAsync(await connecting.ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // It failed to be created: nothing to close.
        }
    }

    private static async Task CloseAsync(ConnectionMultiplexer multiplexer)
    {
        await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        multiplexer.Dispose();
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
        IDatabase database = Database ?? throw new ClamatorTransportException(
            ClamatorTransportErrorKind.ConnectionFailed, $"Not connected to Redis at {Where}: the transport has not started or is still connecting.");
        if (!database.Multiplexer.IsConnected)
        {
            // Nothing would carry the PING: say so now rather than after the backlog's timeout.
            throw new ClamatorTransportException(
                ClamatorTransportErrorKind.ConnectionFailed, $"Redis at {Where} does not answer PING: the connection is down and reconnecting.");
        }

        try
        {
            return await database.PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new ClamatorTransportException(RedisErrors.KindOf(ex), $"Redis at {Where} does not answer PING: {ConnectFailures.Short(ex)}.", ex);
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
                $"Cannot open the blocking reader of {key} on the primary that serves it: {ConnectFailures.Short(ex)}. On a cluster its user needs +exists " +
                $"and +cluster|nodes.", ex);
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
