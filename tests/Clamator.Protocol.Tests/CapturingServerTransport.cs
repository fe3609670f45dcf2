using Clamator.Transport;

namespace Clamator.Tests;

/// <summary>A server transport that only records registrations, so tests can drive <see cref="RpcServerCore"/> directly.</summary>
internal sealed class CapturingServerTransport : IServerTransport
{
    public Dictionary<string, IRpcDispatcher> Services { get; } = [];

    public bool Stopped { get; private set; }

    public bool Disposed { get; private set; }

    public void RegisterService(string service, IRpcDispatcher dispatcher) => Services.Add(service, dispatcher);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stopped = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
