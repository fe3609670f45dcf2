namespace Clamator;

/// <summary>
/// One call as the interceptors of a client or a server see it: what is called, with which id and params, until when,
/// and a bag for what interceptors pass each other. A new context is made for every call and notification.
/// </summary>
public sealed class RpcCallContext
{
    private ReadOnlyMemory<byte> _paramsJson;
    private bool _paramsRead;
    private Dictionary<object, object?>? _items;

    internal RpcCallContext(string service, string method, string? requestId, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        Service = service;
        Method = method;
        RequestId = requestId;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The service called (<c>arith</c>).</summary>
    public string Service { get; }

    /// <summary>The method's wire name within the service (<c>add</c>).</summary>
    public string Method { get; }

    /// <summary>The method as the wire names it (<c>arith.add</c>).</summary>
    public string QualifiedName => Service + "." + Method;

    /// <summary>The JSON-RPC request id as a string, or <see langword="null"/> for a notification.</summary>
    public string? RequestId { get; }

    /// <summary>Whether the call is a notification (no id, never answered).</summary>
    public bool IsNotification => RequestId is null;

    /// <summary>When the caller stops waiting, if it said (always on a client; on a server, when the request carried one).</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>The params as UTF-8 JSON (<c>{}</c> when the envelope had none); read from the envelope on first use.</summary>
    public ReadOnlyMemory<byte> Params
    {
        get
        {
            if (!_paramsRead)
            {
                // Server side: the received envelope's; client side: read back from the request about to be sent.
                ReadOnlyMemory<byte> json = Request.Length > 0 ? Transport.Envelope.Parse(Request).Params : Envelope.Params;
                _paramsJson = json.IsEmpty ? "{}"u8.ToArray() : json;
                _paramsRead = true;
            }

            return _paramsJson;
        }
    }

    /// <summary>Values interceptors of this call share (keyed by any object; a private key object avoids clashes).</summary>
    public IDictionary<object, object?> Items => _items ??= [];

    /// <summary>Cancelled when the caller gives up (client) or the deadline passes or the server stops (server).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The request envelope to send (client side).</summary>
    internal byte[] Request { get; init; } = [];

    /// <summary>The request id (client side; none for a notification).</summary>
    internal Transport.RpcId? RpcId { get; init; }

    /// <summary>The trace context to send with the request (client side).</summary>
    internal Transport.TraceHeaders Trace { get; init; }

    /// <summary>The received envelope (server side).</summary>
    internal Transport.Envelope Envelope { get; init; }

    /// <summary>The contract the envelope is for, when this server serves it (server side).</summary>
    internal ServedContract? Served { get; init; }
}
