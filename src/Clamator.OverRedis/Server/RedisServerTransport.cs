using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>The server side of the Redis Streams transport: one <see cref="ServiceConsumer"/> per registered service.</summary>
internal sealed class RedisServerTransport : IServerTransport
{
    private readonly RedisRpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly RedisConnections _connections;
    private readonly Dictionary<string, ServiceConsumer> _consumers = new(StringComparer.Ordinal);
    private readonly TransportMetrics _metrics;
    private volatile ServiceBacklog[] _backlogs = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly StartupWait _startup;
    private bool _connected;

    public RedisServerTransport(RedisRpcServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _connections = new(options);
        _metrics = new TransportMetrics(options.MeterFactory, () => _backlogs);
        _startup = new StartupWait("server", _connections.Where, options, logger);
    }

    /// <summary>The connections; connected once started.</summary>
    public RedisConnections Connections => _connections;

    public IReadOnlyDictionary<string, ServiceConsumer> Consumers => _consumers;

    /// <summary>The status of every service, once started.</summary>
    public IReadOnlyList<RedisServiceStatus> Status() => !_connected ? [] :
        [.. _consumers.Values.Select(c => c.Backlog.Last is { } last
            ? new RedisServiceStatus(c.Backlog.Service, last.Pending, last.Lag, last.At, c.FailingLoops)
            : new RedisServiceStatus(c.Backlog.Service, null, null, null, c.FailingLoops))];

    public void RegisterService(string service, IRpcDispatcher dispatcher) =>
        _consumers.Add(service, new ServiceConsumer(service, dispatcher, _options, _connections, _logger, _metrics));

    /// <summary>How the start goes: once, or waiting for Redis (<see cref="RedisTransportOptions.WaitForRedis"/>).</summary>
    public StartupWait Startup => _startup;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _startup.RunAsync(StartOnceAsync, start.Token).ConfigureAwait(false);
        _backlogs = [.. _consumers.Values.Select(c => c.Backlog)];
        RedisLog.ServerStarted(
            _logger, _options.DisplayUrl(_connections.Where), _options.KeyPrefix, _options.InstanceId, string.Join(", ", _consumers.Keys),
            _options.MaxConcurrency, _options.BatchSize, _options.MaxEnvelopeBytes, _options.MaxDeliveries, _options.ConsumerClaimIdle);
    }

    /// <summary>One attempt: connect (unless connected), probe EXPIRE, start every consumer not started yet; each step can be repeated.</summary>
    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        if (!_connections.IsConnected)
        {
            await _connections.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _connected = true;
        }

        try
        {
            await ProbeReplyExpiryAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(_consumers.Values.Select(c => c.StartAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            throw new ClamatorTransportException(
                RedisErrors.KindOf(ex), $"Starting the Redis server at {_connections.Where} failed: {ConnectFailures.Short(ex)}.", ex);
        }
    }

    /// <summary>
    /// Replies set their stream's TTL without waiting for the answer; the one refusal that can then go unseen, a
    /// Redis user without <c>EXPIRE</c> on the reply streams, is found here instead (on a key that does not exist).
    /// </summary>
    private async Task ProbeReplyExpiryAsync()
    {
        string probe = RedisKeys.Replies(_options.KeyPrefix, "clamator-expire-probe");
        try
        {
            await _connections.Database.KeyExpireAsync(probe, _options.ReplyStreamTtl, _connections.ReplyExpiry).ConfigureAwait(false);
        }
        catch (StackExchange.Redis.RedisServerException ex) when (!RedisErrors.IsTransient(ex))
        {
            throw new ClamatorTransportException(
                RedisErrors.KindOf(ex),
                $"Redis refused EXPIRE on {probe}: {ConnectFailures.Short(ex)}. A server sets the TTL of the reply streams it writes; grant its user +expire " +
                $"on {RedisKeys.RepliesPrefix(_options.KeyPrefix)}*.", ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A start still waiting for Redis gives up.
        await _stopping.CancelAsync().ConfigureAwait(false);

        // No service of this server is observed from now on: its gauges stop reporting rather than repeat the last reading.
        _backlogs = [];
        foreach (ServiceConsumer consumer in _consumers.Values)
        {
            await consumer.StopIntakeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connected)
        {
            foreach (ServiceConsumer consumer in _consumers.Values)
            {
                await consumer.DisposeAsync().ConfigureAwait(false);
            }
        }

        await _connections.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }
}
