namespace Clamator.Transport;

/// <summary>Turns a received envelope into the response to send back, if any. Implemented by <see cref="RpcServerCore"/>.</summary>
public interface IRpcDispatcher
{
    /// <summary>
    /// Dispatches one received envelope. Never throws for bad input, nor for the server stopping: the result says
    /// whether to deliver a reply and acknowledge, or to leave the envelope for another delivery.
    /// </summary>
    Task<DispatchResult> DispatchAsync(IncomingRequest request, CancellationToken cancellationToken);
}
