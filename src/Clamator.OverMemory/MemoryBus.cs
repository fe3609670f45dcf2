using System.Collections.Concurrent;
using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>
/// An in-process registry of services: memory servers bind their services here when they start, and
/// memory clients on the same bus call them directly (docs/protocol.md §9). One server per service per bus.
/// </summary>
public sealed class MemoryBus
{
    private readonly ConcurrentDictionary<string, IRpcDispatcher> _services = new(StringComparer.Ordinal);

    /// <summary>The services bound now.</summary>
    public IReadOnlyCollection<string> Services => [.. _services.Keys];

    internal bool IsBound(string service) => _services.ContainsKey(service);

    internal void Bind(string service, IRpcDispatcher dispatcher)
    {
        if (!_services.TryAdd(service, dispatcher))
        {
            throw new InvalidOperationException($"Service '{service}' is already served on this bus; one server per service per bus.");
        }
    }

    internal void Unbind(string service, IRpcDispatcher dispatcher) =>
        _services.TryRemove(new KeyValuePair<string, IRpcDispatcher>(service, dispatcher));

    internal IRpcDispatcher? Find(string service) => _services.GetValueOrDefault(service);
}
