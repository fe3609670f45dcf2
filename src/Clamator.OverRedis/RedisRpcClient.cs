namespace Clamator.OverRedis;

/// <summary>
/// Calls services over Redis Streams (WIRE.md §2): requests go to <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c>, replies
/// come back on <c>&lt;prefix&gt;:replies:&lt;instanceId&gt;</c>, read by one blocking reader on a dedicated connection.
/// </summary>
/// <param name="options">The settings; validated here (throws <see cref="ArgumentException"/>).</param>
public sealed class RedisRpcClient(RedisRpcClientOptions options)
    : RpcClientCore(new RedisClientTransport(RedisTransportOptions.Validated(options), options.LoggerFor<RedisRpcClient>()), options.DefaultTimeout, options.TimeProvider)
{
    /// <summary>The settings.</summary>
    public RedisRpcClientOptions Options { get; } = options;

    /// <summary>This client's reply stream key.</summary>
    public string ReplyStreamKey => RedisTransport.ReplyKey;

    /// <summary>Calls waiting for a reply now.</summary>
    public int PendingCalls => RedisTransport.Pending;

    private RedisClientTransport RedisTransport => (RedisClientTransport)Transport;

    /// <summary>Runs the lost-call audit now (tests); returns the number of calls it failed.</summary>
    internal Task<int> AuditNowAsync() => RedisTransport.Audit.AuditAsync();
}
