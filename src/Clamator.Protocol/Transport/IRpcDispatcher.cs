namespace Clamator.Transport;

/// <summary>Turns a received envelope into the response to send back, if any. Implemented by <see cref="RpcServerCore"/>.</summary>
public interface IRpcDispatcher
{
    /// <summary>
    /// Dispatches one envelope received for <paramref name="service"/> (the service of the queue it came
    /// from). Returns the response to deliver to the caller, or <see langword="null"/> when none is due
    /// (notifications, and invalid envelopes without a recoverable id). Never throws for bad input.
    /// </summary>
    /// <exception cref="ClamatorTransportException">The server is stopping and did not take the envelope;
    /// leave it to be delivered again.</exception>
    Task<byte[]?> DispatchAsync(string service, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken);
}
