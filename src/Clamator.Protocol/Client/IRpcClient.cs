namespace Clamator;

/// <summary>A client with a lifecycle: start before calling, stop or dispose when done.</summary>
public interface IRpcClient : IClamatorClient, IAsyncDisposable
{
    /// <summary>Runs <paramref name="interceptor"/> around every call and notification made; the first added runs outermost.</summary>
    /// <exception cref="InvalidOperationException">The client has started.</exception>
    void AddInterceptor(IRpcInterceptor interceptor);

    /// <summary>Starts the client; calls before this fail with <see cref="ClamatorTransportException"/>.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the client; pending calls fail with <see cref="ClamatorTransportException"/> ("transport stopped"). Idempotent.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
