namespace Clamator.Transport;

/// <summary>
/// The server side of a transport: receives envelopes for registered services and hands them to a
/// dispatcher. Owned by an <see cref="RpcServerCore"/>, which calls <see cref="StopAsync"/>, drains its
/// handlers, then disposes the transport.
/// </summary>
public interface IServerTransport : IAsyncDisposable
{
    /// <summary>Routes envelopes for <paramref name="service"/> to <paramref name="dispatcher"/>. Called before <see cref="StartAsync"/>.</summary>
    void RegisterService(string service, IRpcDispatcher dispatcher);

    /// <summary>Starts receiving.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops receiving: once it returns, no new dispatch begins. Dispatches already begun may finish and their
    /// responses are still delivered.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);
}
