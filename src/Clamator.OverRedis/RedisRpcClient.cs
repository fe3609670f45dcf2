using System.Text.Json;
using Clamator.Transport;

namespace Clamator.OverRedis;

/// <summary>
/// Calls services over Redis Streams (docs/protocol.md §5, §7): requests go to <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>, replies
/// come back on <c>&lt;prefix&gt;:replies:&lt;instanceId&gt;</c>, read by one blocking reader on a dedicated connection.
/// </summary>
public sealed class RedisRpcClient : IRpcClient
{
    private readonly RedisClientTransport _transport;
    private readonly RpcClientCore _core;

    /// <summary>Creates a client; nothing connects before <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; validated here (throws <see cref="ArgumentException"/>).</param>
    public RedisRpcClient(RedisRpcClientOptions options)
    {
        options = RedisTransportOptions.Validated(options);
        Options = options;
        _transport = new RedisClientTransport(options, options.LoggerFor<RedisRpcClient>());
        _core = new RpcClientCore(_transport, options.DefaultTimeout, options.TimeProvider, options.MeterFactory);
    }

    /// <summary>The settings: a copy of those given, taken when they were validated.</summary>
    public RedisRpcClientOptions Options { get; }

    /// <inheritdoc />
    public void AddInterceptor(IRpcInterceptor interceptor) => _core.AddInterceptor(interceptor);

    /// <summary>This client's reply stream key.</summary>
    public string ReplyStreamKey => _transport.ReplyKey;

    /// <summary>
    /// Sends <c>PING</c> to Redis on this client's shared connection and returns the round trip (for health checks).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <exception cref="ClamatorTransportException">The client has not started, or Redis does not answer.</exception>
    public Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default) => _transport.Connections.PingAsync(cancellationToken);

    /// <summary>
    /// The services this client has called whose latest view (docs/protocol.md §7.8) found no live server: calls to them
    /// fail at once with <see cref="ClamatorTransportErrorKind.NoResponders"/>. Empty when all is well (for health checks).
    /// </summary>
    public IReadOnlyCollection<string> ServicesWithoutResponders => _transport.ServicesWithoutResponders;

    /// <summary>Calls waiting for a reply now.</summary>
    public int PendingCalls => _transport.Pending;

    /// <summary>How the start goes: whether it waits for Redis and why the latest attempt failed (Clamator.Hosting's health, tests).</summary>
    internal StartupWait Startup => _transport.Startup;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _core.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => _core.StopAsync(cancellationToken);

    /// <inheritdoc />
    public Task<TResult> CallAsync<TParams, TResult>(
        RpcMethod<TParams, TResult> method, TParams parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _core.CallAsync(method, parameters, timeout, cancellationToken);

    /// <inheritdoc />
    public Task NotifyAsync<TParams>(RpcNotification<TParams> notification, TParams parameters, CancellationToken cancellationToken = default) =>
        _core.NotifyAsync(notification, parameters, cancellationToken);

    /// <inheritdoc />
    public Task<JsonElement> CallAsync(string method, JsonElement parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        _core.CallAsync(method, parameters, timeout, cancellationToken);

    /// <inheritdoc />
    public Task NotifyAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default) =>
        _core.NotifyAsync(method, parameters, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Runs the lost-call audit now (tests); returns the number of lost calls it found (sent again or failed).</summary>
    internal Task<int> AuditNowAsync() => _transport.Audit.AuditAsync();
}
