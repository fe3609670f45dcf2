using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Serves one service's command stream for one server: the consumer group, the blocking read loop,
/// the reclaim loop, and the per-entry path of WIRE.md §2 (validate, dispatch, reply, then ack).
/// </summary>
internal sealed class ServiceConsumer : IAsyncDisposable
{
    private readonly string _service;
    private readonly string _key;
    private readonly string _consumer;
    private readonly string _deadKey;
    private readonly string _repliesPrefix;
    private readonly IRpcDispatcher _dispatcher;
    private readonly RedisRpcServerOptions _options;
    private readonly RedisConnections _connections;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly InFlightCounter _deliveries = new();
    private readonly ConcurrentDictionary<RedisValue, byte> _inProgress = new();
    private readonly object[] _readArguments;
    private AckBatcher _acks = null!;
    private BlockingReader? _reader;
    private Task _readLoop = Task.CompletedTask;
    private Task _reclaimLoop = Task.CompletedTask;
    private Task _keepAliveLoop = Task.CompletedTask;
    private long _deadlineSkips;

    public ServiceConsumer(string service, IRpcDispatcher dispatcher, RedisRpcServerOptions options, RedisConnections connections, ILogger logger)
    {
        _service = service;
        _key = RedisKeys.Commands(options.KeyPrefix, service);
        _consumer = RedisKeys.Consumer(service, options.InstanceId);
        _deadKey = RedisKeys.Dead(options.KeyPrefix, service);
        _repliesPrefix = RedisKeys.RepliesPrefix(options.KeyPrefix);
        _dispatcher = dispatcher;
        _options = options;
        _connections = connections;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _readArguments =
        [
            "GROUP", service, _consumer, "COUNT", options.BatchSize,
            "BLOCK", (long)options.BlockTime.TotalMilliseconds, "STREAMS", _key, ">",
        ];
    }

    /// <summary>Entries acknowledged without running because their deadline had passed.</summary>
    public long DeadlineSkips => Interlocked.Read(ref _deadlineSkips);

    private IDatabase Database => _connections.Database;

    public async Task StartAsync()
    {
        _acks = new AckBatcher(Database, _key, _service, _options.TimeProvider, _logger);
        await EnsureGroupAsync("$").ConfigureAwait(false);
        _reader = await _connections.OpenReaderAsync($"{_consumer}").ConfigureAwait(false);
        _readLoop = Task.Run(ReadLoopAsync);
        _reclaimLoop = Task.Run(ReclaimLoopAsync);
        _keepAliveLoop = Task.Run(KeepAliveLoopAsync);
    }

    /// <summary>Stops intake: no entry is dispatched after this returns.</summary>
    public async Task StopIntakeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);

        // Closing the reader's own connection aborts a blocked XREADGROUP at once. Entries Redis handed
        // out in that instant stay pending for this consumer and are reclaimed like a crashed worker's.
        if (_reader is { } reader)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopIntakeAsync().ConfigureAwait(false);

        // The core has drained its handlers (or given up on them after the grace period) before this runs.
        // Deliveries whose handler finished are writing replies and acks: give those a moment to land.
        // Abandoned handlers may never finish; their entries stay pending and are reclaimed elsewhere.
        try
        {
            await _deliveries.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(1), _options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        if (_acks is not null)
        {
            await _acks.DrainAsync().ConfigureAwait(false);
        }

        if (_reader is { } reader)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_readLoop, _reclaimLoop, _keepAliveLoop).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        var backoff = new Backoff(_options.MaxRetryDelay, _options.TimeProvider);

        // First the entries this consumer already owns (a restart with a stable instance id), then new ones.
        RedisValue ownFrom = "0";
        bool ownPending = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                object[] arguments = _readArguments;
                if (ownPending)
                {
                    arguments = (object[])_readArguments.Clone();
                    arguments[^1] = ownFrom;
                }

                List<StreamMessage> messages = StreamMessage.ParseRead(await _reader!.ExecuteAsync("XREADGROUP", arguments).ConfigureAwait(false));
                backoff.Reset();
                if (ownPending)
                {
                    if (messages.Count == 0)
                    {
                        ownPending = false;
                        continue;
                    }

                    ownFrom = messages[^1].Id;
                    await ProcessAsync(messages, await DeliveryCountsAsync(messages).ConfigureAwait(false), stop).ConfigureAwait(false);
                }
                else
                {
                    await ProcessAsync(messages, null, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                await RecoverAsync(ex, "read", backoff, stop).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task ReclaimLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        var backoff = new Backoff(_options.MaxRetryDelay, _options.TimeProvider);
        using var timer = new PeriodicTimer(_options.ReclaimInterval, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await ReclaimOnceAsync(stop).ConfigureAwait(false);
                    await TrimAsync().ConfigureAwait(false);
                    backoff.Reset();
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !stop.IsCancellationRequested)
                {
                    await RecoverAsync(ex, "reclaim", backoff, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Keeps entries this worker holds (waiting for a slot or running) from looking abandoned: their idle
    /// time is reset (<c>XCLAIM ... JUSTID</c>, which does not count a delivery) four times per claim period,
    /// so no worker, this one included, reclaims an entry that is merely queued or slow.
    /// </summary>
    private async Task KeepAliveLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _options.ConsumerClaimIdle.Ticks / 4));
        using var timer = new PeriodicTimer(period, _options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (_inProgress.IsEmpty)
                {
                    continue;
                }

                List<object> arguments = [_key, _service, _consumer, 0];
                arguments.AddRange(_inProgress.Keys.Select(id => (object)id));
                arguments.Add("JUSTID");
                try
                {
                    await Database.ExecuteAsync("XCLAIM", arguments).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    RedisLog.LoopFailed(_logger, ex, "keep-alive", _key);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims every entry idle longer than the claim time, following the cursor until it wraps.</summary>
    internal async Task ReclaimOnceAsync(CancellationToken stop)
    {
        RedisValue cursor = "0-0";
        long idleMs = (long)_options.ConsumerClaimIdle.TotalMilliseconds;
        int total = 0;
        do
        {
            StreamAutoClaimResult claimed = await Database.StreamAutoClaimAsync(_key, _service, _consumer, idleMs, cursor, 32).ConfigureAwait(false);
            cursor = claimed.NextStartId;
            if (claimed.ClaimedEntries is { Length: > 0 } entries)
            {
                List<StreamMessage> messages = [.. entries.Select(StreamMessage.From)];
                total += messages.Count;
                await ProcessAsync(messages, await DeliveryCountsAsync(messages).ConfigureAwait(false), stop).ConfigureAwait(false);
            }
        }
        while (cursor != "0-0" && !cursor.IsNullOrEmpty && !stop.IsCancellationRequested);

        if (total > 0)
        {
            RedisLog.Reclaimed(_logger, total, _key);
        }
    }

    /// <summary>Trims acknowledged history: everything older than the oldest entry still pending or undelivered.</summary>
    internal async Task TrimAsync()
    {
        StreamPendingInfo pending = await Database.StreamPendingAsync(_key, _service).ConfigureAwait(false);
        RedisValue minId = pending.PendingMessageCount > 0 ? pending.LowestPendingMessageId : RedisValue.Null;
        if (minId.IsNull)
        {
            StreamGroupInfo? group = (await Database.StreamGroupInfoAsync(_key).ConfigureAwait(false))
                .Cast<StreamGroupInfo?>().FirstOrDefault(g => g!.Value.Name == _service);
            minId = group?.LastDeliveredId ?? RedisValue.Null;
        }

        if (!minId.IsNullOrEmpty && minId != "0-0")
        {
            await Database.StreamTrimByMinIdAsync(_key, minId, useApproximateMaxLength: true).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<RedisValue, long>> DeliveryCountsAsync(List<StreamMessage> messages)
    {
        // The range may also hold other entries of this consumer (ones it is running): ask for enough.
        StreamPendingMessageInfo[] infos = await Database.StreamPendingMessagesAsync(
            _key, _service, messages.Count + _inProgress.Count, _consumer, messages[0].Id, messages[^1].Id).ConfigureAwait(false);
        return infos.ToDictionary(i => i.MessageId, i => (long)i.DeliveryCount);
    }

    private async Task ProcessAsync(List<StreamMessage> messages, Dictionary<RedisValue, long>? deliveries, CancellationToken stop)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            StreamMessage message = messages[i];

            // Owned from now until its delivery ends: kept alive against reclaim, and never run twice here
            // (an entry reclaimed while it waits or runs in this worker is skipped).
            if (!_inProgress.TryAdd(message.Id, 0))
            {
                continue;
            }

            // Waiting for a slot is what makes MaxConcurrency = 1 in order: the next entry is dispatched
            // only once the previous handler returned.
            try
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                StreamMessage[] unstarted = [.. messages.Skip(i).Where(m => m.Id == message.Id || !_inProgress.ContainsKey(m.Id))];
                foreach (StreamMessage m in unstarted)
                {
                    _inProgress.TryRemove(m.Id, out _);
                }

                await ReleaseAsync(unstarted).ConfigureAwait(false);
                throw;
            }

            long count = deliveries is not null && deliveries.TryGetValue(message.Id, out long n) ? n : 1;
            _ = DeliverAsync(message, count);
        }
    }

    /// <summary>
    /// Hands entries read but not started back to the group on stop: their idle time is set to the claim
    /// time, so the next reclaim of any worker takes them at once instead of after a full claim period.
    /// </summary>
    private async Task ReleaseAsync(IEnumerable<StreamMessage> messages)
    {
        List<object> arguments = [_key, _service, _consumer, 0];
        arguments.AddRange(messages.Select(m => (object)m.Id));
        if (arguments.Count == 4)
        {
            return;
        }

        arguments.AddRange(["IDLE", (long)_options.ConsumerClaimIdle.TotalMilliseconds, "JUSTID"]);
        try
        {
            await Database.ExecuteAsync("XCLAIM", arguments).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.CleanupFailed(_logger, ex, _key);
        }
    }

    private async Task DeliverAsync(StreamMessage message, long deliveries)
    {
        _deliveries.Enter();
        bool slotHeld = true;
        try
        {
            byte[]? reply;
            RedisValue replyTo = ReplyTarget(message);
            RedisValue envelope = message[StreamFields.Envelope];
            if (message.Fields.Length == 0)
            {
                // Deleted or trimmed while pending: nothing to run.
                reply = null;
            }
            else if (deliveries > _options.MaxDeliveries)
            {
                reply = await DeadLetterAsync(message, envelope, deliveries).ConfigureAwait(false);
            }
            else if (envelope.IsNull)
            {
                RedisLog.EntryWithoutEnvelope(_logger, message.Id.ToString(), _key);
                reply = null;
            }
            else if (TimeLeft(message) is { Ticks: <= 0 })
            {
                Interlocked.Increment(ref _deadlineSkips);
                RedisLog.DeadlinePassed(_logger, message.Id.ToString(), _key);
                reply = null;
            }
            else
            {
                byte[] bytes = (byte[])envelope!;
                if (bytes.Length > _options.MaxEnvelopeBytes)
                {
                    RedisLog.EnvelopeTooLarge(_logger, message.Id.ToString(), _key, bytes.Length, _options.MaxEnvelopeBytes);
                    reply = Envelope.Parse(bytes).Id is { } id ? EnvelopeWriter.InvalidRequest(id, InvalidReasons.TooLarge) : null;
                }
                else
                {
                    try
                    {
                        reply = await DispatchAsync(bytes, TimeLeft(message)).ConfigureAwait(false);
                    }
                    catch (ClamatorTransportException)
                    {
                        // The server is stopping and did not take it (or abandoned it): leave it pending.
                        return;
                    }
                    catch (OperationCanceledException)
                    {
                        // The caller's deadline passed while the handler ran: nobody waits for the answer.
                        Interlocked.Increment(ref _deadlineSkips);
                        RedisLog.DeadlinePassed(_logger, message.Id.ToString(), _key);
                        reply = null;
                    }
                }
            }

            _slots.Release();
            slotHeld = false;
            if (reply is not null && !replyTo.IsNull)
            {
                try
                {
                    await Database.StreamAddAsync(
                        (string)replyTo!,
                        [new NameValueEntry(StreamFields.Type, StreamFields.Rpc), new NameValueEntry(StreamFields.Envelope, reply)],
                        maxLength: _options.ReplyStreamMaxLength,
                        useApproximateMaxLength: true).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    RedisLog.ReplyFailed(_logger, ex, message.Id.ToString(), _key);
                    return;
                }
            }

            _acks.Add(message.Id);
        }
        catch (Exception ex)
        {
            RedisLog.EntryFailed(_logger, ex, message.Id.ToString(), _key);
        }
        finally
        {
            if (slotHeld)
            {
                _slots.Release();
            }

            _inProgress.TryRemove(message.Id, out _);
            _deliveries.Exit();
        }
    }

    private async Task<byte[]?> DeadLetterAsync(StreamMessage message, RedisValue envelope, long deliveries)
    {
        NameValueEntry[] fields =
        [
            .. message.Fields,
            new NameValueEntry("reason", "max-deliveries"),
            new NameValueEntry("deliveries", deliveries),
        ];
        await Database.StreamAddAsync(_deadKey, fields).ConfigureAwait(false);
        RedisLog.DeadLettered(_logger, message.Id.ToString(), _key, deliveries, _deadKey);
        if (envelope.IsNull || Envelope.Parse((byte[])envelope!) is not { Kind: EnvelopeKind.Request, Id: { } id })
        {
            return null;
        }

        return EnvelopeWriter.InternalError(id, "DeliveryLimitExceeded",
            $"The request was delivered {deliveries} times, more than MaxDeliveries ({_options.MaxDeliveries}); it was moved to {_deadKey}.");
    }

    private RedisValue ReplyTarget(StreamMessage message)
    {
        RedisValue replyTo = message[StreamFields.ReplyTo];
        if (replyTo.IsNullOrEmpty)
        {
            return RedisValue.Null;
        }

        string target = replyTo!;
        if (target.StartsWith(_repliesPrefix, StringComparison.Ordinal) && target.Length > _repliesPrefix.Length)
        {
            return replyTo;
        }

        RedisLog.ForeignReplyTo(_logger, message.Id.ToString(), _key, target, _repliesPrefix);
        return RedisValue.Null;
    }

    /// <summary>The time left before the entry's <c>deadline</c>; <see langword="null"/> when it has none.</summary>
    private TimeSpan? TimeLeft(StreamMessage message)
    {
        RedisValue deadline = message[StreamFields.Deadline];
        return !deadline.IsNullOrEmpty && deadline.TryParse(out long epochMs)
            ? TimeSpan.FromMilliseconds(epochMs - _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds())
            : null;
    }

    /// <summary>
    /// Dispatches; with a deadline, the handler's token is cancelled when it passes (deadlines travel with the
    /// call, so the server stops work nobody waits for). Only handlers still running after dispatch returns
    /// pay for a timer.
    /// </summary>
    /// <exception cref="OperationCanceledException">The deadline passed while the handler ran.</exception>
    private async Task<byte[]?> DispatchAsync(byte[] envelope, TimeSpan? timeLeft)
    {
        if (timeLeft is not { } left)
        {
            return await _dispatcher.DispatchAsync(_service, envelope, CancellationToken.None).ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _options.TimeProvider);
        Task<byte[]?> dispatch = _dispatcher.DispatchAsync(_service, envelope, deadline.Token);
        if (!dispatch.IsCompleted)
        {
            deadline.CancelAfter(left);
        }

        return await dispatch.ConfigureAwait(false);
    }

    private async Task EnsureGroupAsync(RedisValue position)
    {
        try
        {
            await Database.StreamCreateConsumerGroupAsync(_key, _service, position, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    private async Task RecoverAsync(Exception ex, string loop, Backoff backoff, CancellationToken stop)
    {
        if (ex is RedisServerException && ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            RedisLog.GroupRecreated(_logger, _service, _key);
            try
            {
                // From the start of the stream, not "$": requests added since it was recreated are not skipped.
                await EnsureGroupAsync("0").ConfigureAwait(false);
                return;
            }
            catch (Exception retry) when (retry is RedisException or TimeoutException)
            {
                ex = retry;
            }
        }

        RedisLog.LoopFailed(_logger, ex, loop, _key);
        try
        {
            await backoff.DelayAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
