using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>Binds a server's services on a <see cref="MemoryBus"/> while it runs.</summary>
internal sealed class MemoryServerTransport(MemoryBus bus) : IServerTransport
{
    private readonly Dictionary<string, IRpcDispatcher> _services = new(StringComparer.Ordinal);
    private readonly List<string> _bound = [];

    public void RegisterService(string service, IRpcDispatcher dispatcher)
    {
        if (bus.IsBound(service))
        {
            throw new InvalidOperationException($"Service '{service}' is already served on this bus; one server per service per bus.");
        }

        _services.Add(service, dispatcher);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            foreach ((string service, IRpcDispatcher dispatcher) in _services)
            {
                bus.Bind(service, dispatcher);
                _bound.Add(service);
            }
        }
        catch
        {
            Unbind();
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Unbind();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Unbind();
        return ValueTask.CompletedTask;
    }

    private void Unbind()
    {
        foreach (string service in _bound)
        {
            bus.Unbind(service, _services[service]);
        }

        _bound.Clear();
    }
}
