namespace Clamator.Transport;

/// <summary>
/// The client side of a transport: carries requests and notifications and brings back replies. Owned by an
/// <see cref="RpcClientCore"/>, which keeps the client's lifecycle: it calls <see cref="StartAsync"/> once,
/// <see cref="StopAsync"/> once (also after a failed start) and <see cref="IAsyncDisposable.DisposeAsync"/> once after
/// the stop, and refuses calls made before the start or after the stop without calling the transport. A transport
/// keeps its waiting calls in a <see cref="PendingCalls{TCall}"/>, which correlates replies and fails the calls at stop.
/// </summary>
public interface IClientTransport : IAsyncDisposable
{
    /// <summary>
    /// Starts the transport (connects, starts reading replies). Calls may come while it runs: a transport not ready
    /// yet fails them with why (a <see cref="ClamatorTransportException"/>).
    /// </summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops the transport: fails the calls waiting (<see cref="PendingCalls{TCall}.Close"/>: "transport stopped") and
    /// releases what it holds. Called once, also while <see cref="StartAsync"/> runs (which should then end).
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends a request and completes with the reply envelope whose id matches, parsed (the transport reads each
    /// reply once, for its id; the core takes the envelope as it is). The pending call is registered before the
    /// request is sent (<see cref="PendingCalls{TCall}.Add"/>, whose <see cref="PendingCall.Reply"/> this returns).
    /// Cancelling the token (the core cancels it at the deadline) abandons the call and ends it with
    /// <see cref="OperationCanceledException"/>. The result is awaited once. The token is the call's alone only until
    /// the call ends: unregister from it by then (the core may reuse its source for a later call).
    /// </summary>
    ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken);

    /// <summary>Sends a notification (with the caller's trace context, if any); completes once the transport has accepted it.</summary>
    Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken);
}
