using System.Collections.Concurrent;
using Clamator.Transport;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// The client side of the Redis Streams transport: requests are added to the service's command stream (retried
/// through transient failures within the call's deadline); a <see cref="ReplyReader"/> follows this instance's
/// reply stream; a heartbeat keeps its TTL; after every reconnect a <see cref="LostCallAudit"/> sends again the
/// requests Redis no longer has (<see cref="Resend"/>), and fails as lost the calls whose deadlines have passed.
/// The client's states and the correlation of replies to calls are the core's (<see cref="RpcClientCore"/>,
/// <see cref="PendingCalls{TCall}"/>): this starts once, stops once, and sees calls only once its start has begun.
/// </summary>
internal sealed class RedisClientTransport : IClientTransport
{
    private readonly RedisRpcClientOptions _options;
    private readonly ILogger _logger;
    private readonly SendOutage _sendOutage;
    private readonly RedisConnections _connections;

    /// <summary>The connections; connected once started.</summary>
    public RedisConnections Connections => _connections;
    private readonly string _replyKey;
    private readonly PendingCalls<WaitingCall> _calls = new();
    private readonly Action<WaitingCall, Task<RedisResult>> _added;
    private readonly ReplyReader _replies;
    private readonly TransportMetrics _metrics;
    private readonly LostCallAudit _audit;
    private readonly ClientResponders _responders;
    private readonly ConcurrentDictionary<string, CommandStream> _commandStreams = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly StartupWait _startup;
    private BlockingReader? _reader;
    private Task _loops = Task.CompletedTask;
    private Task? _stopping;
    private volatile bool _running;

    public RedisClientTransport(RedisRpcClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _connections = new RedisConnections(options);
        _replyKey = RedisKeys.Replies(options.KeyPrefix, options.InstanceId);
        _metrics = new TransportMetrics(options.MeterFactory);
        _replies = new ReplyReader(_replyKey, _calls, options, logger, _metrics);
        _audit = new LostCallAudit(() => _connections.Database, _calls, _replies, Resend, options.MaxRetryDelay, options.TimeProvider, logger, _stop.Token);
        _responders = new ClientResponders(options, () => _connections.Database, _calls, logger);
        _sendOutage = new SendOutage(RedisKeys.Commands(options.KeyPrefix, "*"), logger, options.TimeProvider);
        _added = Added;
        _startup = new StartupWait("client", _connections.Where, options, logger);
    }

    public string ReplyKey => _replyKey;

    public int Pending => _calls.Count;

    internal LostCallAudit Audit => _audit;

    /// <summary>The services whose latest view found no responders (docs/protocol.md §7.8).</summary>
    public IReadOnlyCollection<string> ServicesWithoutResponders => _responders.WithoutResponders;

    internal ClientResponders Responders => _responders;

    /// <summary>Connects and starts the loops; a failed start is stopped by the core.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using (var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token))
        {
            await _startup.RunAsync(StartOnceAsync, start.Token).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (_stopping is not null)
            {
                // Stopped while connecting: no loop starts.
                throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage);
            }

            BlockingReader reader = _reader!;
            _connections.Multiplexer.ConnectionRestored += OnConnectionRestored;
            _loops = Task.WhenAll(
                Task.Run(() => _replies.RunAsync(reader, () => _ = RefreshTtlAsync(), _audit.Request, _stop.Token)),
                Task.Run(HeartbeatAsync),
                Task.Run(() => _responders.RunAsync(_stop.Token)));
            _running = true;
        }

        RedisLog.ClientStarted(
            _logger, _options.DisplayUrl(_connections.Where), _options.KeyPrefix, _options.InstanceId, _replyKey, _options.DefaultTimeout,
            _options.ReplyBatchSize);
    }

    /// <summary>How the start goes: once, or waiting for Redis (<see cref="RedisTransportOptions.WaitForRedis"/>).</summary>
    public StartupWait Startup => _startup;

    /// <summary>One attempt: connect (unless connected), then open the reply reader; each step can be repeated.</summary>
    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        if (!_connections.IsConnected)
        {
            await _connections.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        _reader ??= await _connections.OpenReaderAsync($"replies:{_options.InstanceId}", _replyKey).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping ??= StopCoreAsync();
        }

        return _stopping.WaitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <summary>
    /// Registers the call, then adds its request to the command stream; completes with its reply. Nothing here is
    /// <see langword="async"/>: the call's one <see cref="WaitingCall"/> is its awaitable and its XADD's continuation.
    /// </summary>
    public ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ThrowIfStarting();
        CommandStream stream = CommandStreamOf(call.Service);
        WaitingCall waiting = _calls.Add(new WaitingCall(call.Id, stream.Key), cancellationToken);
        if (waiting.HasEnded)
        {
            // The caller gave up already (its token was cancelled), or the client is stopping: nothing is sent for it.
            return waiting.Reply;
        }

        waiting.Deadline = call.Deadline;
        object[] arguments = RequestEntry.Arguments(stream.BoxedKey, call.Envelope, _replyKey, call.Deadline, call.Trace);
        waiting.Arguments = arguments;

        // Steady state: the service's view found responders, and the call costs no Redis command but its XADD. Otherwise
        // it waits for the view (the first call to a service, or one that found none), in order with the others (§7.8).
        if (ClientResponders.MayProceed(stream.View))
        {
            Add(waiting, arguments);
        }
        else
        {
            AddOnceViewed(waiting, stream.View);
        }

        return waiting.Reply;
    }

    /// <summary>
    /// Queues the call behind its service's view fetch. A method of its own: a lambda capturing the locals of
    /// <see cref="SendAsync"/> would allocate its closure on every call, the steady state's included.
    /// </summary>
    private void AddOnceViewed(WaitingCall waiting, ResponderView view) => view.WhenFetched(liveness => AddIfResponders(waiting, view, liveness));

    /// <summary>A call that waited for its service's view: sent, unless the view found no responders (a failed fetch sends it).</summary>
    private void AddIfResponders(WaitingCall waiting, ResponderView view, ServiceLiveness? liveness)
    {
        if (waiting.HasEnded)
        {
            return;
        }

        if (liveness is { HasPossibleResponders: false })
        {
            waiting.TryFail(_responders.NoResponders(view, liveness));
            return;
        }

        Add(waiting, waiting.Arguments!);
    }

    /// <summary>
    /// Sends again the request of a waiting call whose entry Redis lost (<see cref="LostCallAudit"/>): the same
    /// arguments (envelope, id, reply-to, deadline) through the same XADD, and the same retries within the call's
    /// deadline, as <see cref="SendAsync"/>. Should the lost request be answered after all, the call ends with that
    /// reply and the reply to the one sent again is dropped as a duplicate. False when nothing is sent: the client
    /// is stopping, or the call has ended or is being sent already.
    /// </summary>
    internal bool Resend(WaitingCall waiting)
    {
        if (_calls.IsClosed || waiting.Arguments is not { } arguments || !waiting.TryWithdraw())
        {
            return false;
        }

        Add(waiting, arguments);
        return true;
    }

    public async Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
    {
        ThrowIfStarting();
        CommandStream stream = CommandStreamOf(service);
        if (!ClientResponders.MayProceed(stream.View)
            && await ClientResponders.CheckAsync(stream.View, _responders.NoResponders, cancellationToken).ConfigureAwait(false) is { } none)
        {
            throw none;
        }

        NameValueEntry[] fields = StreamFields.WithTrace([new(StreamFields.Type, StreamFields.Rpc), new(StreamFields.Envelope, envelope)], trace);
        Exception? failure = await RedisRetry.RunAsync(
            static s => s.Database.StreamAddAsync(s.key, s.fields),
            (_connections.Database, key: stream.Key, fields),
            _options.TimeProvider.GetUtcNow() + _options.DefaultTimeout, _options.MaxRetryDelay, _options.TimeProvider,
            cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw new ClamatorTransportException(
                RedisErrors.KindOf(failure), $"Sending the notification to {stream.Key} failed: {ConnectFailures.Short(failure)}", failure);
        }
    }

    /// <summary>Adds the call's request to its command stream; <see cref="Added"/> follows.</summary>
    private void Add(WaitingCall waiting, object[] arguments)
    {
        Task<RedisResult> adding;
        try
        {
            adding = _connections.Database.ExecuteAsync(RequestEntry.Command, arguments);
        }
        catch (Exception ex)
        {
            adding = Task.FromException<RedisResult>(ex);
        }

        waiting.WhenAdded(adding, _added);
    }

    /// <summary>Records where Redis put the request; a failed XADD goes to <see cref="RetryAddAsync"/>.</summary>
    private void Added(WaitingCall waiting, Task<RedisResult> adding)
    {
        if (adding.IsCompletedSuccessfully)
        {
            waiting.Accept((RedisValue)adding.Result);
            _sendOutage.Succeeded();
            return;
        }

        _ = RetryAddAsync(waiting, adding.Exception?.InnerException ?? new TaskCanceledException(adding));
    }

    /// <summary>
    /// A transient failure (connection cut, failover) is retried with backoff until the call's deadline; anything
    /// else fails the call. A retry after a write whose answer was lost may add the request twice: delivery is at
    /// least once anyway, and the second reply is dropped as a duplicate.
    /// </summary>
    private async Task RetryAddAsync(WaitingCall waiting, Exception first)
    {
        Exception? failure = first;
        if (RedisErrors.IsTransient(first) && waiting.Arguments is { } arguments && !waiting.HasEnded)
        {
            _sendOutage.Failed(first);

            // Until the deadline, the client stops or the caller gives up.
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, waiting.Abandoned);
            failure = await RedisRetry.RunAsync(
                static async s =>
                {
                    // A call that ended meanwhile (its client stopping) needs its request no more.
                    if (!s.waiting.HasEnded)
                    {
                        s.waiting.Accept((RedisValue)await s.Database.ExecuteAsync(RequestEntry.Command, s.arguments).ConfigureAwait(false));
                    }
                },
                (_connections.Database, waiting, arguments),
                waiting.Deadline, _options.MaxRetryDelay, _options.TimeProvider, giveUp.Token).ConfigureAwait(false);
            if (failure is null)
            {
                _sendOutage.Succeeded();
            }
        }

        if (failure is not null)
        {
            waiting.TryFail(failure switch
            {
                ClamatorTransportException or ClamatorProtocolException => failure,
                _ when waiting.IsResent => new ClamatorTransportException(
                    ClamatorTransportErrorKind.Lost,
                    $"call lost: its request is no longer in Redis and sending it again to {waiting.Stream} failed: {ConnectFailures.Short(failure)}", failure),
                _ when RedisErrors.IsTransient(failure) =>
                new ClamatorTransportException(
                ClamatorTransportErrorKind.ConnectionFailed,
                $"Sending the request to {waiting.Stream} failed until the call's deadline: {ConnectFailures.Short(failure)}. Check that Redis is up.",
                failure),
                _ => new ClamatorTransportException(
                RedisErrors.KindOf(failure), $"Redis refused the request to {waiting.Stream}: {ConnectFailures.Short(failure)}", failure),
            });
        }
    }

    private CommandStream CommandStreamOf(string service) =>
        _commandStreams.GetOrAdd(
        service, static (s, self) => new CommandStream(RedisKeys.Commands(self._options.KeyPrefix, s), self._responders.ViewOf(s)), this);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _audit.Request();
        }
    }

    /// <summary>
    /// Refreshes the reply stream's TTL every TTL/4, and once as soon as the first replies show it exists.
    /// EXPIRE never creates the stream; servers give a new one its TTL with every reply (on Redis 7+ only when it
    /// has none) and slide it forward at most every TTL/4 without shortening it (GT), so this client's TTL stands.
    /// </summary>
    private Task HeartbeatAsync()
    {
        TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _options.ReplyStreamTtl.Ticks / 4));
        var loop = new LoopRunner("heartbeat", _replyKey, _logger, _options.MaxRetryDelay, _options.TimeProvider, l => _metrics.LoopRestarted(l, null));
        return loop.RunAsync(
            async stop =>
            {
                await Task.Delay(period, _options.TimeProvider, stop).ConfigureAwait(false);
                await _connections.Database.KeyExpireAsync(_replyKey, _options.ReplyStreamTtl).ConfigureAwait(false);
            },
            null,
            _stop.Token);
    }

    private async Task RefreshTtlAsync()
    {
        try
        {
            await _connections.Database.KeyExpireAsync(_replyKey, _options.ReplyStreamTtl).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Stopped meanwhile, or Redis away (the reply loop says so): the heartbeat sets the TTL again.
            RedisLog.TtlRefreshFailed(_logger, _replyKey, ConnectFailures.Short(ex));
        }
    }

    private async Task StopCoreAsync()
    {
        _calls.Close();

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reader is { } reader)
        {
            _connections.Multiplexer.ConnectionRestored -= OnConnectionRestored;
            await reader.DisposeAsync().ConfigureAwait(false);
            try
            {
                await _connections.Database.KeyDeleteAsync(_replyKey).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                RedisLog.CleanupFailed(_logger, ex, _replyKey);
            }
        }

        await _loops.ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }

    /// <summary>A call made while the client is still starting fails at once, with why (the core refuses calls before and after).</summary>
    private void ThrowIfStarting()
    {
        if (_running)
        {
            return;
        }

        if (_startup.LastFailure is { } failure)
        {
            // Waiting for Redis (WaitForRedis).
            throw new ClamatorTransportException(failure.Kind, failure.Message, failure.InnerException);
        }

        throw new ClamatorTransportException(
            ClamatorTransportErrorKind.ConnectionFailed, $"Not connected to Redis at {_connections.Where} yet: the client is starting.");
    }

    /// <summary>A service's command stream, its key boxed once for the argument arrays of every request, and its responder view.</summary>
    private sealed class CommandStream(RedisKey key, ResponderView view)
    {
        public RedisKey Key { get; } = key;

        public object BoxedKey { get; } = key;

        public ResponderView View { get; } = view;
    }
}
