namespace Clamator.Transport;

/// <summary>What became of an envelope a dispatcher was given.</summary>
public enum DispatchStatus
{
    /// <summary>Handled: deliver <see cref="DispatchResult.Reply"/> if there is one, then acknowledge.</summary>
    Completed,

    /// <summary>The server is stopping and did not take it: leave it to be delivered again.</summary>
    NotTaken,

    /// <summary>The server stopped before the handler finished and cancelled it: leave it to be delivered again.</summary>
    Abandoned,

    /// <summary>Its deadline passed (before it ran, or while it ran): nobody waits for an answer; acknowledge it.</summary>
    Expired,
}

/// <summary>The outcome of <see cref="IRpcDispatcher.DispatchAsync(IncomingRequest, CancellationToken)"/>.</summary>
/// <param name="Status">What became of the envelope.</param>
/// <param name="Reply">The response to deliver, when <see cref="DispatchStatus.Completed"/> and one is due (not for
/// notifications, nor for invalid envelopes without a recoverable id).</param>
public readonly record struct DispatchResult(DispatchStatus Status, byte[]? Reply = null);
