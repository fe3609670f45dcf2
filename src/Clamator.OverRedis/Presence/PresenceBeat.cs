using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// One server's heartbeat for one service (docs/protocol.md §5.5): at start, before reading, and then every
/// <c>PresenceTimeout</c>/3 it reads Redis's clock (<c>TIME</c>, pipelined with <c>HGETALL</c> of the presence hash), then
/// writes its record (<c>HSET</c>), keeps the hash's TTL (<c>PEXPIRE</c>) and removes stale records of others (<c>HDEL</c>),
/// those three in one Lua script (<c>EVALSHA</c>), so no hash is ever left without its TTL.
/// A graceful stop writes the record once more marked stopped (gone at once to every caller) and then removes its
/// consumer from the group when nothing is pending to it.
/// </summary>
internal sealed class PresenceBeat(ConsumerContext context, DeliveryRunner deliveries)
{
    /// <summary>How long a stop waits for its goodbye to land; Redis may be away.</summary>
    private static readonly TimeSpan GoodbyeTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// KEYS[1] the presence hash; ARGV field, record, TTL ms, then stale fields: writes the record, sets the hash's TTL and
    /// removes the stale records in one step, so a process killed in between never leaves a hash it created without a TTL.
    /// </summary>
    private const string Write = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        if #ARGV > 3 then redis.call('HDEL', KEYS[1], unpack(ARGV, 4)) end
        return 1
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _field = context.Options.InstanceId;
    private long _startedAt;
    private bool _stopped;

    /// <summary>The presence hash, <c>&lt;prefix&gt;:presence:&lt;service&gt;</c>.</summary>
    public string Key { get; } = RedisKeys.Presence(context.Options.KeyPrefix, context.Service);

    /// <summary>Every third of the presence timeout (at least 10 ms): two beats may be lost before callers judge it gone.</summary>
    public TimeSpan Period { get; } = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, context.Options.PresenceTimeout.Ticks / 3));

    /// <summary>The hash's own TTL, renewed by every beat: max(<c>ConsumerPruneIdle</c>, 4 × <c>PresenceTimeout</c>). It goes when every server has.</summary>
    public TimeSpan HashTtl { get; } = TimeSpan.FromTicks(Math.Max(context.Options.ConsumerPruneIdle.Ticks, 4 * context.Options.PresenceTimeout.Ticks));

    /// <summary>The first beat, before the first read: a refusal (a Redis user without the presence commands) fails the start.</summary>
    public async Task StartAsync()
    {
        try
        {
            await BeatAsync().ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (!RedisErrors.IsTransient(ex))
        {
            throw new ClamatorTransportException(
                RedisErrors.KindOf(ex),
                $"Redis refused the heartbeat on {Key}; grant the server's user +time +hset +hdel +hgetall +pexpire on {context.Options.KeyPrefix}:presence:*.",
                ex);
        }
    }

    /// <summary>Beats every <see cref="Period"/> until <paramref name="stop"/>.</summary>
    public Task RunAsync(CancellationToken stop) => context.Loop("presence").RunEveryAsync(Period, _ => BeatAsync(), null, stop);

    /// <summary>One beat: the clock and the hash in one round trip, then this server's record, the TTL and stale records' removal in another.</summary>
    internal async Task BeatAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            Task<RedisResult> time = context.Database.ExecuteAsync("TIME");
            Task<HashEntry[]> all = context.Database.HashGetAllAsync(Key);
            long now = RedisClock.Milliseconds(await time.ConfigureAwait(false));
            HashEntry[] records = await all.ConfigureAwait(false);
            if (_startedAt == 0)
            {
                _startedAt = now;
            }

            await WriteAsync(now, stopped: false, Stale(records, now)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stop, once intake has stopped: the record is written marked stopped, so callers judge this server gone at once, and no
    /// later beat overwrites it. Best effort within a second; a failure is logged (the record then goes stale on its own).
    /// </summary>
    public async Task GoodbyeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped || _startedAt == 0)
            {
                _stopped = true;
                return;
            }

            _stopped = true;
            long now = RedisClock.Milliseconds(await context.Database.ExecuteAsync("TIME").WaitAsync(GoodbyeTime).ConfigureAwait(false));
            await WriteAsync(now, stopped: true, []).WaitAsync(GoodbyeTime).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisLog.CleanupFailed(context.Logger, ex, Key);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stop, once every loop has ended: removes this server's consumer from the group when nothing is pending to it (the
    /// pruning script, which checks again), so the group lists only servers that may come back for their entries.
    /// </summary>
    public async Task LeaveGroupAsync()
    {
        try
        {
            await ConsumerRemoval.RemoveIfGoneAsync(
                context.Database, context.Key, context.Service, context.Consumer, idleMs: -1).WaitAsync(GoodbyeTime).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisLog.CleanupFailed(context.Logger, ex, context.Key);
        }
    }

    private async Task WriteAsync(long now, bool stopped, RedisValue[] stale)
    {
        var record = new PresenceRecord
        {
            Instance = _field,
            Consumer = context.Consumer,
            Host = Environment.MachineName,
            Pid = Environment.ProcessId,
            Version = PresenceRecord.LibraryVersion,
            StartedAt = _startedAt,
            BeatAt = now,
            GoneAfterMs = (long)context.Options.PresenceTimeout.TotalMilliseconds,
            Running = deliveries.Running,
            Handled = deliveries.Handled,
            Failed = deliveries.Failed,
            Stopped = stopped,
        };

        RedisValue[] arguments = [_field, record.ToJson(), (long)HashTtl.TotalMilliseconds, .. stale];
        await context.Database.ScriptEvaluateAsync(Write, [Key], arguments).ConfigureAwait(false);
    }

    /// <summary>
    /// Records of other servers to remove: a beat older than <c>ConsumerPruneIdle</c> (a server gone that long, as the consumer
    /// pruner judges consumers), or a stopped one older than its timeout (a live server speaks for the service now).
    /// Values this server cannot read are left to the hash's TTL: another language may write them.
    /// </summary>
    private RedisValue[] Stale(HashEntry[] records, long now)
    {
        long pruneMs = (long)context.Schedule.PruneIdle.TotalMilliseconds;
        List<RedisValue>? stale = null;
        foreach (HashEntry entry in records)
        {
            string field = entry.Name!;
            if (field == _field || PresenceRecord.TryParse(context.Service, field, (byte[])entry.Value!) is not { } record)
            {
                continue;
            }

            long age = now - record.BeatAt;
            if (age > pruneMs || (record.Stopped && age > record.GoneAfterMs))
            {
                (stale ??= []).Add(entry.Name);
            }
        }

        return stale is null ? [] : [.. stale];
    }
}
