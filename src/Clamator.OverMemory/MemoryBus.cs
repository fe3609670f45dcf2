using System.Collections.Concurrent;

namespace Clamator.OverMemory;

/// <summary>
/// An in-process registry of services: memory servers bind their services here when they start, and
/// memory clients on the same bus call them directly (docs/protocol.md §9). One server per service per bus.
/// </summary>
public sealed class MemoryBus
{
    private readonly ConcurrentDictionary<string, MemoryBinding> _services = new(StringComparer.Ordinal);

    /// <summary>The services bound now.</summary>
    public IReadOnlyCollection<string> Services => [.. _services.Keys];

    internal bool IsBound(string service) => _services.ContainsKey(service);

    internal void Bind(string service, MemoryBinding binding)
    {
        if (!_services.TryAdd(service, binding))
        {
            throw new InvalidOperationException($"Service '{service}' is already served on this bus; one server per service per bus.");
        }
    }

    internal void Unbind(string service, MemoryBinding binding) =>
        _services.TryRemove(new KeyValuePair<string, MemoryBinding>(service, binding));

    internal MemoryBinding? Find(string service) => _services.GetValueOrDefault(service);
}
