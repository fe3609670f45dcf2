using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Inspects and tends a deployment under one key prefix, through the keys of the wire layout only (docs/protocol.md §5):
/// <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c> with its group <c>&lt;service&gt;</c>, <c>&lt;prefix&gt;:replies:&lt;id&gt;</c> and
/// <c>&lt;prefix&gt;:dead:&lt;service&gt;</c>, and reads the presence records <c>&lt;prefix&gt;:presence:&lt;service&gt;</c> (§5.5) to
/// judge each consumer live, gone or unknown (§7.8). It reads and writes no other key, so it works the same on deployments
/// served by the TypeScript and Python packages (whose consumers, writing no heartbeat, read as unknown). Redis failures
/// surface as StackExchange.Redis's <see cref="RedisException"/>.
/// </summary>
/// <remarks>
/// Reads use <c>SCAN</c> (never <c>KEYS</c>), <c>TYPE</c>, <c>XINFO STREAM|GROUPS|CONSUMERS</c>, <c>XPENDING</c>, <c>XLEN</c>,
/// <c>XRANGE</c>/<c>XREVRANGE</c>, <c>PTTL</c>, <c>HGETALL</c> and <c>TIME</c>; the clean-ups add <c>XADD</c>,
/// <c>XDEL</c>, <c>DEL</c>, <c>MULTI</c>/<c>EXEC</c>
/// and <c>EVAL</c> (two scripts: one runs <c>XINFO CONSUMERS</c> and <c>XGROUP DELCONSUMER</c>, the other <c>TYPE</c>,
/// <c>PTTL</c>, <c>XINFO STREAM</c>, <c>TIME</c> and <c>DEL</c>).
/// </remarks>
public sealed partial class RedisAdmin : IAsyncDisposable
{
    private const int Pipeline = 256;
    private readonly IConnectionMultiplexer _connection;
    private readonly bool _owned;
    private readonly IDatabase _db;
    private readonly TimeProvider _time;

    /// <summary>An admin on a connection it shares and never closes.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="keyPrefix">The deployment's <c>KeyPrefix</c>, used verbatim.</param>
    /// <param name="timeProvider">The clock for ages and deadlines; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="keyPrefix"/> is empty.</exception>
    public RedisAdmin(IConnectionMultiplexer connection, string keyPrefix, TimeProvider? timeProvider = null)
        : this(connection, keyPrefix, timeProvider, owned: false)
    {
    }

    private RedisAdmin(IConnectionMultiplexer connection, string keyPrefix, TimeProvider? timeProvider, bool owned)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        _connection = connection;
        _owned = owned;
        _db = connection.GetDatabase();
        _time = timeProvider ?? TimeProvider.System;
        KeyPrefix = keyPrefix;
    }

    /// <summary>The key prefix.</summary>
    public string KeyPrefix { get; }

    /// <summary>Connects to the Redis of <paramref name="url"/> (<see cref="RedisUrl.Parse"/>) and checks it answers; the connection is owned.</summary>
    /// <exception cref="ArgumentException">The URL or the prefix is invalid.</exception>
    /// <exception cref="ClamatorTransportException">Redis cannot be reached.</exception>
    public static Task<RedisAdmin> ConnectAsync(
        string url, string keyPrefix, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisUrl.Parse(url), keyPrefix, timeProvider, cancellationToken);

    /// <summary>Connects with <paramref name="configuration"/> and checks Redis answers; the connection is owned.</summary>
    /// <exception cref="ArgumentException">The prefix is empty.</exception>
    /// <exception cref="ClamatorTransportException">Redis cannot be reached.</exception>
    public static async Task<RedisAdmin> ConnectAsync(
        ConfigurationOptions configuration, string keyPrefix, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ConfigurationOptions config = configuration.Clone();
        // Fail at once when Redis cannot be reached (a refused connection, not the 5 s backlog timeout); reconnects still happen after.
        config.AbortOnConnectFail = true;
        ConnectionMultiplexer? connection = null;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(config).WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return new RedisAdmin(connection, keyPrefix, timeProvider, owned: true);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            // One line; StackExchange.Redis's detail stays in the inner exception.
            ClamatorTransportErrorKind kind = RedisErrors.KindOf(ex);
            string check = kind == ClamatorTransportErrorKind.AuthenticationFailed
                ? "authentication failed: check the user and password in the URL"
                : "check that Redis runs there and the URL";
            throw new ClamatorTransportException(kind, $"Cannot reach Redis at {string.Join(", ", config.EndPoints)} ({check}).", ex);
        }
    }

    /// <summary>
    /// The services under the prefix: those with a command stream or a dead-letter stream (keys that are streams and whose
    /// last part is a valid service name, docs/protocol.md §3), by name.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        var services = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string kind in new[] { "cmds", "dead" })
        {
            string prefix = $"{KeyPrefix}:{kind}:";
            foreach ((string key, string service) in await StreamsUnderAsync(prefix, cancellationToken).ConfigureAwait(false))
            {
                if (RpcNames.IsValidService(service))
                {
                    services.Add(service);
                }
            }
        }

        return [.. services];
    }

    /// <summary>One service's command stream, consumer group, consumers, oldest pending entry and dead-letter count.</summary>
    /// <exception cref="ArgumentException"><paramref name="service"/> is not a valid service name.</exception>
    /// <exception cref="InvalidOperationException">A key of the service holds something other than a stream.</exception>
    public async Task<ServiceStatus> GetServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        string key = RedisKeys.Commands(KeyPrefix, service);
        string dead = RedisKeys.Dead(KeyPrefix, service);
        bool exists = await RequireStreamAsync(key, cancellationToken).ConfigureAwait(false);
        long deadLetters = await RequireStreamAsync(dead, cancellationToken).ConfigureAwait(false)
            ? await _db.StreamLengthAsync(dead).WaitAsync(cancellationToken).ConfigureAwait(false)
            : 0;
        ServiceLiveness liveness = await LivenessReader.ReadAsync(
            _db, KeyPrefix, service, ConsumerLiveness.DefaultUnknownIdleLimit).WaitAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<PresenceStatus> presence = [.. liveness.Consumers.Where(c => c.Record is not null).Select(
            c => PresenceStatus.From(c.Record!, c.State, liveness.NowMs))];
        var missing = new ServiceStatus
        {
            Service = service, CommandStream = key, StreamExists = false, Length = 0, DeadLetterStream = dead, DeadLetters = deadLetters, Presence = presence,
        };
        if (!exists)
        {
            return missing;
        }

        (long Length, string? FirstId, string? LastId, string? LastGeneratedId, long? EntriesAdded) stream;
        try
        {
            stream = await XInfo.StreamAsync(_db, key).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (XInfo.IsNoSuchKey(e))
        {
            return missing;
        }

        return new ServiceStatus
        {
            Service = service,
            CommandStream = key,
            StreamExists = true,
            Length = stream.Length,
            FirstEntryId = stream.FirstId,
            LastEntryId = stream.LastId,
            LastGeneratedId = stream.LastGeneratedId,
            EntriesAdded = stream.EntriesAdded,
            Group = await GroupAsync(key, service, liveness, cancellationToken).ConfigureAwait(false),
            DeadLetterStream = dead,
            DeadLetters = deadLetters,
            Presence = presence,
        };
    }

    /// <summary>Every reply stream under the prefix, with its length, TTL and the age of its newest entry.</summary>
    public async Task<ReplyStreamsStatus> GetReplyStreamsAsync(CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var streams = new List<ReplyStreamStatus>();
        foreach ((string key,
            string id)[] page in (await StreamsUnderAsync(RedisKeys.RepliesPrefix(KeyPrefix), cancellationToken).ConfigureAwait(false)).Chunk(Pipeline))
        {
            var reads = page.Select(async s =>
            {
                Task<TimeSpan?> ttl = _db.KeyTimeToLiveAsync(s.key);
                try
                {
                    var info = await XInfo.StreamAsync(_db, s.key).ConfigureAwait(false);
                    return new ReplyStreamStatus
                    {
                        Key = s.key,
                        InstanceId = s.id,
                        Length = info.Length,
                        TimeToLive = await ttl.ConfigureAwait(false),
                        LastEntryAge = StreamIds.Time(info.LastGeneratedId) is { } at ? Positive(now - at) : null,
                    };
                }
                catch (RedisServerException e) when (XInfo.IsNoSuchKey(e))
                {
                    // Deleted since the scan: its client stopped.
                    await ttl.ConfigureAwait(false);
                    return null;
                }
            });
            streams.AddRange((await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false)).OfType<ReplyStreamStatus>());
        }

        return new ReplyStreamsStatus { Streams = [.. streams.OrderBy(s => s.Key, StringComparer.Ordinal)] };
    }

    /// <summary>Every service (<see cref="ListServicesAsync"/>, <see cref="GetServiceAsync"/>) and the reply streams.</summary>
    public async Task<DeploymentStatus> InspectAsync(CancellationToken cancellationToken = default)
    {
        var services = new List<ServiceStatus>();
        foreach (string service in await ListServicesAsync(cancellationToken).ConfigureAwait(false))
        {
            services.Add(await GetServiceAsync(service, cancellationToken).ConfigureAwait(false));
        }

        ReplyStreamsStatus replies = await GetReplyStreamsAsync(cancellationToken).ConfigureAwait(false);
        return new DeploymentStatus { Prefix = KeyPrefix, At = _time.GetUtcNow(), Services = services, Replies = replies };
    }

    /// <summary>Closes the connection if this admin made it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await _connection.CloseAsync().ConfigureAwait(false);
            _connection.Dispose();
        }
    }

    /// <summary>The group, its oldest pending entry and its consumers, each with the state <paramref name="liveness"/> gave it and its record.</summary>
    private async Task<ConsumerGroupStatus?> GroupAsync(string key, string service, ServiceLiveness liveness, CancellationToken cancellationToken)
    {
        if (await XInfo.GroupAsync(_db, key, service).WaitAsync(cancellationToken).ConfigureAwait(false) is not { } group)
        {
            return null;
        }

        PendingEntryStatus? oldest = null;
        if (group.Pending > 0)
        {
            StreamPendingMessageInfo[] first = await _db.StreamPendingMessagesAsync(
                key, service, 1, RedisValue.Null, "-", "+").WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first is [var pending])
            {
                DateTimeOffset added = StreamIds.Time(pending.MessageId) ?? _time.GetUtcNow();
                oldest = new PendingEntryStatus
                {
                    Id = pending.MessageId!,
                    Consumer = pending.ConsumerName!,
                    Age = Positive(_time.GetUtcNow() - added),
                    Idle = TimeSpan.FromMilliseconds(pending.IdleTimeInMilliseconds),
                    Deliveries = pending.DeliveryCount,
                };
            }
        }

        return new ConsumerGroupStatus
        {
            Name = service,
            LastDeliveredId = group.LastDeliveredId,
            Lag = group.Lag,
            EntriesRead = group.EntriesRead,
            Pending = group.Pending,
            OldestPending = oldest,
            Consumers = await ConsumersAsync(key, service, liveness, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// The group's consumers as the liveness read saw them, judged; when that read found no group (created since), a
    /// fresh <c>XINFO CONSUMERS</c>, judged against the same records.
    /// </summary>
    private async Task<IReadOnlyList<ConsumerStatus>> ConsumersAsync(string key, string service, ServiceLiveness liveness, CancellationToken cancellationToken)
    {
        if (!liveness.GroupExists)
        {
            List<ConsumerStatus> consumers = await XInfo.ConsumersAsync(_db, key, service).WaitAsync(cancellationToken).ConfigureAwait(false);
            liveness = ConsumerLiveness.Judge(
                liveness.NowMs, consumers, [.. liveness.Consumers.Where(c => c.Record is not null).Select(c => c.Record!)],
                ConsumerLiveness.DefaultUnknownIdleLimit);
        }

        return [.. liveness.Consumers
            .Where(c => c.Group is not null)
            .Select(c => c.Group! with { State = c.State, Presence = c.Record is { } record ? PresenceStatus.From(record, c.State, liveness.NowMs) : null })];
    }

    /// <summary>The streams whose keys start with <paramref name="prefix"/>, with the rest of each key; other types are skipped.</summary>
    private async Task<List<(string Key, string Name)>> StreamsUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (string key in KeyScan.KeysAsync(_connection, _db, prefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(key);
        }

        var streams = new List<(string, string)>();
        foreach (string[] page in keys.Order(StringComparer.Ordinal).Chunk(Pipeline))
        {
            RedisType[] types = await Task.WhenAll(page.Select(k => _db.KeyTypeAsync(k))).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < page.Length; i++)
            {
                if (types[i] == RedisType.Stream)
                {
                    streams.Add((page[i], page[i][prefix.Length..]));
                }
            }
        }

        return streams;
    }

    /// <summary>Whether <paramref name="key"/> exists (as a stream); throws when it holds something else.</summary>
    private async Task<bool> RequireStreamAsync(string key, CancellationToken cancellationToken)
    {
        RedisType type = await _db.KeyTypeAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        return type switch
        {
            RedisType.None => false,
            RedisType.Stream => true,
            _ => throw new InvalidOperationException(
            $"{key} holds a {type.ToString().ToLowerInvariant()}, not a stream: it is not a key of the Clamator wire layout."),
        };
    }

    private static TimeSpan Positive(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
