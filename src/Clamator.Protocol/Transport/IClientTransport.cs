namespace Clamator.Transport;

/// <summary>The client side of a transport: carries requests and notifications and correlates replies. Owned by an <see cref="RpcClientCore"/>.</summary>
public interface IClientTransport : IAsyncDisposable
{
    /// <summary>Starts the transport; calls before this fail with <see cref="ClamatorTransportException"/>.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the transport; calls pending or made later fail with <see cref="ClamatorTransportException"/> ("transport stopped").</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends a request and completes with the reply envelope whose id matches, parsed (the transport reads each
    /// reply once, for its id; the core takes the envelope as it is). The pending call is registered before the
    /// request is sent. Cancelling the token (the core cancels it at the deadline) abandons the call and ends it
    /// with <see cref="OperationCanceledException"/>. The result is awaited once. The token is the call's alone only
    /// until the call ends: unregister from it by then (the core may reuse its source for a later call).
    /// </summary>
    ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken);

    /// <summary>Sends a notification (with the caller's trace context, if any); completes once the transport has accepted it.</summary>
    Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken);
}
