using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// The client side of the Redis Streams transport: requests are added to the service's command stream;
/// one blocking reader follows this instance's reply stream and completes pending calls by id.
/// </summary>
internal sealed class RedisClientTransport : IClientTransport
{
    private const int Created = 0, Starting = 1, Running = 2, Stopped = 3;

    private readonly RedisRpcClientOptions _options;
    private readonly ILogger _logger;
    private readonly RedisConnections _connections;
    private readonly string _replyKey;
    private readonly RedisValue _replyKeyValue;
    private readonly PendingCalls _pending = new();
    private readonly ConcurrentDictionary<string, RedisKey> _commandKeys = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private BlockingReader? _reader;
    private Task _replyLoop = Task.CompletedTask;
    private Task _heartbeat = Task.CompletedTask;
    private Task? _stopping;
    private int _state;
    private bool _ttlSet;

    public RedisClientTransport(RedisRpcClientOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _connections = new RedisConnections(options);
        _replyKey = RedisKeys.Replies(options.KeyPrefix, options.InstanceId);
        _replyKeyValue = _replyKey;
    }

    public string ReplyKey => _replyKey;

    public int Pending => _pending.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state != Created)
            {
                throw new InvalidOperationException(_state is Starting or Running ? "The client has already started." : "The client has been stopped; create a new one.");
            }

            _state = Starting;
        }

        try
        {
            await _connections.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            _reader = await _connections.OpenReaderAsync($"replies:{_options.InstanceId}").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        lock (_gate)
        {
            if (_state != Starting)
            {
                throw new ClamatorTransportException(ClamatorTransportException.StoppedMessage);
            }

            _replyLoop = Task.Run(ReplyLoopAsync);
            _heartbeat = Task.Run(HeartbeatLoopAsync);
            _state = Running;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _state = Stopped;
            _stopping ??= StopCoreAsync();
        }

        return _stopping.WaitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    public Task<ReadOnlyMemory<byte>> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ThrowIfNotRunning();
        return _pending.SendAndWaitAsync(call.Id, (this, call), static s => s.Item1.AddRequestAsync(s.call), cancellationToken);
    }

    private Task AddRequestAsync(OutgoingCall call)
    {
        ThrowIfNotRunning();
        return _connections.Database.StreamAddAsync(
            CommandKey(call.Service),
            [
                new NameValueEntry(StreamFields.Type, StreamFields.Rpc),
                new NameValueEntry(StreamFields.Envelope, call.Envelope),
                new NameValueEntry(StreamFields.ReplyTo, _replyKeyValue),
                new NameValueEntry(StreamFields.Deadline, call.Deadline.ToUnixTimeMilliseconds()),
            ]);
    }

    public async Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        ThrowIfNotRunning();
        try
        {
            await _connections.Database.StreamAddAsync(
                CommandKey(service),
                [new NameValueEntry(StreamFields.Type, StreamFields.Rpc), new NameValueEntry(StreamFields.Envelope, envelope)])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClamatorTransportException($"Sending the notification to Redis failed: {ex.Message}", ex);
        }
    }

    private RedisKey CommandKey(string service) =>
        _commandKeys.GetOrAdd(service, static (s, prefix) => RedisKeys.Commands(prefix, s), _options.KeyPrefix);

    private async Task ReplyLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        var backoff = new Backoff(_options.MaxRetryDelay, _options.TimeProvider);
        object[] arguments =
        [
            "COUNT", _options.ReplyBatchSize, "BLOCK", (long)_options.BlockTime.TotalMilliseconds, "STREAMS", _replyKey, "0",
        ];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                List<StreamMessage> replies = StreamMessage.ParseRead(await _reader!.ExecuteAsync("XREAD", arguments).ConfigureAwait(false));
                backoff.Reset();
                if (replies.Count > 0 && !_ttlSet)
                {
                    // The stream exists now: give it its TTL before anyone sees a reply; the heartbeat refreshes it.
                    _ttlSet = true;
                    _ = RefreshTtlAsync();
                }

                foreach (StreamMessage reply in replies)
                {
                    arguments[^1] = reply.Id;
                    Complete(reply);
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                RedisLog.LoopFailed(_logger, ex, "reply", _replyKey);
                try
                {
                    await backoff.DelayAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private void Complete(StreamMessage reply)
    {
        RedisValue envelope = reply[StreamFields.Envelope];
        if (envelope.IsNull)
        {
            RedisLog.BadReply(_logger, reply.Id.ToString(), _replyKey, "no envelope field");
            return;
        }

        byte[] bytes = (byte[])envelope!;
        Envelope parsed = Envelope.Parse(bytes);
        if (parsed.Kind is not (EnvelopeKind.Success or EnvelopeKind.Error))
        {
            RedisLog.BadReply(_logger, reply.Id.ToString(), _replyKey, parsed.InvalidReason ?? parsed.Kind.ToString());
            return;
        }

        // Unknown ids are late or duplicate replies (after a timeout or a reclaim): dropped silently.
        if (parsed.Id is { } id)
        {
            _pending.TryComplete(id.ToString(), bytes);
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _options.ReplyStreamTtl.Ticks / 4));
        using var timer = new PeriodicTimer(period, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await RefreshTtlAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshTtlAsync()
    {
        try
        {
            await _connections.Database.KeyExpireAsync(_replyKey, _options.ReplyStreamTtl).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.LoopFailed(_logger, ex, "heartbeat", _replyKey);
        }
    }

    private async Task StopCoreAsync()
    {
        _pending.FailAll(new ClamatorTransportException(ClamatorTransportException.StoppedMessage));

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_reader is { } reader)
        {
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

        await Task.WhenAll(_replyLoop, _heartbeat).ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void ThrowIfNotRunning()
    {
        switch (Volatile.Read(ref _state))
        {
            case Created or Starting:
                throw new ClamatorTransportException(ClamatorTransportException.NotStartedMessage);
            case Stopped:
                throw new ClamatorTransportException(ClamatorTransportException.StoppedMessage);
        }
    }

}
