namespace Clamator.Transport;

/// <summary>Turns a received envelope into the response to send back, if any. Implemented by <see cref="RpcServerCore"/>.</summary>
public interface IRpcDispatcher
{
    /// <summary>
    /// Dispatches one received envelope, once one of its service's handler slots is free. Never throws for bad input,
    /// nor for the server stopping: the result says whether to deliver a reply and acknowledge, or to leave the
    /// envelope for another delivery.
    /// </summary>
    /// <param name="request">The envelope and what travelled with it.</param>
    /// <param name="cancellationToken">Cancels the handler (and the wait for a slot, which then returns <see cref="DispatchStatus.NotTaken"/>).</param>
    Task<DispatchResult> DispatchAsync(IncomingRequest request, CancellationToken cancellationToken);

    /// <summary>Dispatches one received envelope in a slot taken with <see cref="AcquireSlotAsync"/>, freeing it when the handler returns.</summary>
    /// <param name="request">The envelope and what travelled with it.</param>
    /// <param name="slot">The slot it runs in.</param>
    /// <param name="cancellationToken">Cancels the handler.</param>
    Task<DispatchResult> DispatchAsync(IncomingRequest request, DispatchSlot slot, CancellationToken cancellationToken);

    /// <summary>Waits until one of the service's handler slots is free and takes it, in arrival order.</summary>
    /// <param name="service">The service whose slot to take.</param>
    /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The slot; dispose it when it is not used for a dispatch after all.</returns>
    ValueTask<DispatchSlot> AcquireSlotAsync(string service, CancellationToken cancellationToken);
}
