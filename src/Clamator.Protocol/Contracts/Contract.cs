using System.Collections.Frozen;

namespace Clamator;

/// <summary>
/// A service contract bound to the interface that implements it: the service name, its methods, and
/// for each method a reflection-free invoker. Build one with <see cref="ContractBuilder{TService}"/>.
/// </summary>
/// <typeparam name="TService">The type that implements the service's handlers.</typeparam>
public sealed class Contract<TService>
    where TService : class
{
    private readonly FrozenDictionary<string, MethodBinding<TService>> _bindings;

    internal Contract(string service, IEnumerable<MethodBinding<TService>> bindings)
    {
        Service = service;
        _bindings = bindings.ToFrozenDictionary(b => b.Method.Name, StringComparer.Ordinal);
        Methods = [.. _bindings.Values.Select(b => b.Method).OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    /// <summary>The service name.</summary>
    public string Service { get; }

    /// <summary>The methods, ordered by name.</summary>
    public IReadOnlyList<RpcMethod> Methods { get; }

    /// <summary>Starts a contract for <paramref name="service"/>.</summary>
    public static ContractBuilder<TService> Create(string service) => new(service);

    internal MethodBinding<TService>? Find(string method) => _bindings.GetValueOrDefault(method);
}
