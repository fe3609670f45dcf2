using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>The server side of the Redis Streams transport: one <see cref="ServiceConsumer"/> per registered service.</summary>
internal sealed class RedisServerTransport(RedisRpcServerOptions options, ILogger logger) : IServerTransport
{
    private readonly RedisConnections _connections = new(options);
    private readonly Dictionary<string, ServiceConsumer> _consumers = new(StringComparer.Ordinal);
    private bool _connected;

    /// <summary>The connections; connected once started.</summary>
    public RedisConnections Connections => _connections;

    public IReadOnlyDictionary<string, ServiceConsumer> Consumers => _consumers;

    public void RegisterService(string service, IRpcDispatcher dispatcher) =>
        _consumers.Add(service, new ServiceConsumer(service, dispatcher, options, _connections, logger));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _connections.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        _connected = true;
        try
        {
            await ProbeReplyExpiryAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(_consumers.Values.Select(c => c.StartAsync())).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            throw new ClamatorTransportException($"Starting the Redis server transport failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Replies set their stream's TTL without waiting for the answer; the one refusal that can then go unseen, a
    /// Redis user without <c>EXPIRE</c> on the reply streams, is found here instead (on a key that does not exist).
    /// </summary>
    private async Task ProbeReplyExpiryAsync()
    {
        string probe = RedisKeys.Replies(options.KeyPrefix, "clamator-expire-probe");
        try
        {
            await _connections.Database.KeyExpireAsync(probe, options.ReplyStreamTtl, _connections.ReplyExpiry).ConfigureAwait(false);
        }
        catch (StackExchange.Redis.RedisServerException ex) when (!RedisErrors.IsTransient(ex))
        {
            throw new ClamatorTransportException(
                $"Redis refused EXPIRE on {probe}: {ex.Message}. A server sets the TTL of the reply streams it writes; grant its user +expire on {RedisKeys.RepliesPrefix(options.KeyPrefix)}*.", ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
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
    }
}
