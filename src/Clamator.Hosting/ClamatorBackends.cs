using Microsoft.Extensions.DependencyInjection;

namespace Clamator.Hosting;

/// <summary>Every backend at run time, by name; a singleton that disposes them with the container.</summary>
internal sealed class ClamatorBackends(BackendRegistry registry, IServiceProvider services) : IAsyncDisposable
{
    private readonly Dictionary<string, ClamatorBackend> _backends =
        registry.Backends.ToDictionary(d => d.Name, d => new ClamatorBackend(d, services), StringComparer.Ordinal);

    public IReadOnlyCollection<ClamatorBackend> All => _backends.Values;

    public ClamatorBackend this[string name] => _backends.TryGetValue(name, out ClamatorBackend? backend)
        ? backend
        : throw new InvalidOperationException($"No Clamator backend is named '{name}'.");

    /// <summary>The client of backend <paramref name="name"/>.</summary>
    public static IRpcClient ClientOf(IServiceProvider services, string name) => services.GetRequiredService<ClamatorBackends>()[name].Client;

    public async ValueTask DisposeAsync()
    {
        foreach (ClamatorBackend backend in _backends.Values)
        {
            await backend.DisposeAsync().ConfigureAwait(false);
        }
    }
}
