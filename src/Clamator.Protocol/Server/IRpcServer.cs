namespace Clamator;

/// <summary>A server that hosts contract implementations on a transport.</summary>
public interface IRpcServer : IAsyncDisposable
{
    /// <summary>Hosts <paramref name="implementation"/> for <paramref name="contract"/>.</summary>
    /// <exception cref="InvalidOperationException">The service is already registered, or the server has started.</exception>
    void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class;

    /// <summary>Starts serving.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops taking work, drains running handlers up to the shutdown grace, and releases the transport. Idempotent.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
