namespace Clamator;

/// <summary>A server that hosts contract implementations on a transport.</summary>
public interface IRpcServer : IAsyncDisposable
{
    /// <summary>Hosts <paramref name="implementation"/> for <paramref name="contract"/>.</summary>
    /// <exception cref="InvalidOperationException">The service is already registered, or the server has started.</exception>
    void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class;

    /// <summary>
    /// Hosts <paramref name="contract"/> with an implementation made for every call by <paramref name="factory"/>
    /// (for example from a dependency-injection scope the call's interceptors opened).
    /// </summary>
    /// <exception cref="InvalidOperationException">The service is already registered, or the server has started.</exception>
    void RegisterService<TService>(Contract<TService> contract, Func<RpcCallContext, TService> factory)
        where TService : class;

    /// <summary>Runs <paramref name="interceptor"/> around every dispatched request and notification; the first added runs outermost.</summary>
    /// <exception cref="InvalidOperationException">The server has started.</exception>
    void AddInterceptor(IRpcInterceptor interceptor);

    /// <summary>Starts serving.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops taking work, drains running handlers up to the shutdown grace, and releases the transport. Idempotent.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
