using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>Binds a server's services on a <see cref="MemoryBus"/> while it runs.</summary>
internal sealed class MemoryServerTransport(MemoryBus bus) : IServerTransport
{
    private readonly Dictionary<string, MemoryBinding> _services = new(StringComparer.Ordinal);
    private readonly List<string> _bound = [];

    public void RegisterService(string service, IRpcDispatcher dispatcher)
    {
        if (bus.IsBound(service))
        {
            throw new InvalidOperationException($"Service '{service}' is already served on this bus; one server per service per bus.");
        }

        _services.Add(service, new MemoryBinding(dispatcher));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            foreach ((string service, MemoryBinding binding) in _services)
            {
                bus.Bind(service, binding);
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

    /// <summary>Completes once every call delivered to this server has handed its reply back to its caller.</summary>
    public Task WhenHandedBackAsync() => Task.WhenAll(_services.Values.Select(b => b.WhenHandedBackAsync()));

    private void Unbind()
    {
        foreach (string service in _bound)
        {
            bus.Unbind(service, _services[service]);
        }

        _bound.Clear();
    }
}
