namespace Clamator.Hosting;

/// <summary>The backends declared on a service collection; one instance, registered as a singleton.</summary>
internal sealed class BackendRegistry
{
    private readonly Dictionary<string, BackendDefinition> _backends = new(StringComparer.Ordinal);

    public IReadOnlyCollection<BackendDefinition> Backends => _backends.Values;

    public BackendDefinition GetOrAdd(string name)
    {
        if (!_backends.TryGetValue(name, out BackendDefinition? definition))
        {
            definition = new BackendDefinition(name);
            _backends.Add(name, definition);
        }

        return definition;
    }
}
