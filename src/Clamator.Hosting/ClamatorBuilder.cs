using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clamator.Hosting;

/// <summary>
/// Declares one Clamator backend inside <c>AddClamator</c>: its transport (<c>UseRedis</c> from Clamator.OverRedis,
/// <c>UseMemory</c> from Clamator.OverMemory, or any transport's <see cref="UseTransport"/>), the services it serves and
/// the clients it injects.
/// </summary>
public sealed class ClamatorBuilder
{
    /// <summary>The configuration section backends bind from: <c>Clamator</c>, and <c>Clamator:&lt;name&gt;</c> for a named one.</summary>
    public const string SectionName = "Clamator";

    private readonly BackendDefinition _definition;

    internal ClamatorBuilder(IServiceCollection services, BackendDefinition definition)
    {
        Services = services;
        _definition = definition;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The backend's name: empty for the default backend, which is also injected without a key.</summary>
    public string Name => _definition.Name;

    /// <summary>The configuration section the backend's transport binds its options from: <see cref="SectionPathOf"/> of <see cref="Name"/>.</summary>
    public string SectionPath => _definition.SectionPath;

    /// <summary>
    /// The configuration section of backend <paramref name="name"/>: <c>Clamator</c> for the default backend, <c>Clamator:&lt;name&gt;</c>
    /// for a named one (for a transport's options validator, which is given the options' name).
    /// </summary>
    /// <param name="name">The backend's name; empty for the default backend.</param>
    /// <returns>The section's path.</returns>
    public static string SectionPathOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length == 0 ? SectionName : SectionName + ":" + name;
    }

    /// <summary>
    /// Runs the backend on a transport: <paramref name="create"/> makes it (once, on first use) from the application's
    /// services. Transport packages call this from their own extension (<c>UseRedis</c>, <c>UseMemory</c>), after binding
    /// their options from <see cref="SectionPath"/>; calling it again with the same <paramref name="name"/> replaces the factory.
    /// </summary>
    /// <param name="name">The transport's name in logs and health reports, e.g. <c>Redis</c>.</param>
    /// <param name="create">Makes the backend's transport.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The backend already runs on a transport of another name.</exception>
    public ClamatorBuilder UseTransport(string name, Func<IServiceProvider, ClamatorTransport> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        if (_definition.TransportName is { } current && current != name)
        {
            throw new InvalidOperationException($"Clamator backend '{Name}' already runs on {current}.");
        }

        _definition.TransportName = name;
        _definition.CreateTransport = create;
        return this;
    }

    /// <summary>
    /// Serves <typeparamref name="TService"/> on this backend's server, which starts with the host. <typeparamref name="TImplementation"/>
    /// is registered as scoped and resolved from a new scope for every call.
    /// </summary>
    /// <typeparam name="TService">A contract interface that names its contract (a <c>partial</c> <c>[ClamatorContract]</c> interface).</typeparam>
    /// <typeparam name="TImplementation">The implementation.</typeparam>
    /// <returns>This builder.</returns>
    public ClamatorBuilder AddService<TService, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>()
        where TService : class, IClamatorContract<TService>
        where TImplementation : class, TService =>
        AddService<TService, TImplementation>(TService.Contract);

    /// <summary>
    /// Serves <paramref name="contract"/> on this backend's server, which starts with the host. <typeparamref name="TImplementation"/>
    /// is registered as scoped and resolved from a new scope for every call.
    /// </summary>
    /// <typeparam name="TService">The contract interface.</typeparam>
    /// <typeparam name="TImplementation">The implementation.</typeparam>
    /// <param name="contract">The contract (generated: <c>&lt;Name&gt;Contract.Contract</c>).</param>
    /// <returns>This builder.</returns>
    public ClamatorBuilder AddService<TService,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(Contract<TService> contract)
        where TService : class
        where TImplementation : class, TService
    {
        ArgumentNullException.ThrowIfNull(contract);
        Services.TryAddScoped<TImplementation>();
        _definition.Services.Add(server => server.RegisterService<TService>(contract, CallScope.Resolve<TImplementation>));
        return this;
    }

    /// <summary>
    /// Injects <typeparamref name="TClient"/> (a generated client, whose public constructor takes an <see cref="IClamatorClient"/>)
    /// as a singleton over this backend's client: keyed by the backend's name, and without a key unless another backend
    /// registered <typeparamref name="TClient"/> first. The backend's <see cref="IRpcClient"/> starts with the host.
    /// </summary>
    /// <typeparam name="TClient">The client type.</typeparam>
    /// <returns>This builder.</returns>
    public ClamatorBuilder AddClient<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>()
        where TClient : class
    {
        _definition.HasClients = true;
        string name = Name;
        Services.AddKeyedSingleton<TClient>(
            name, (provider, _) => ActivatorUtilities.CreateInstance<TClient>(provider, ClamatorBackends.ClientOf(provider, name)));
        Services.TryAddSingleton<TClient>(provider => provider.GetRequiredKeyedService<TClient>(name));
        return this;
    }

    /// <summary>
    /// Runs <typeparamref name="TInterceptor"/> (a singleton from dependency injection, registered here if it is not yet)
    /// around every call this backend's server dispatches, inside the call's scope; interceptors run in the order added.
    /// </summary>
    /// <typeparam name="TInterceptor">The interceptor.</typeparam>
    /// <returns>This builder.</returns>
    public ClamatorBuilder AddServerInterceptor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TInterceptor>()
        where TInterceptor : class, IRpcInterceptor
    {
        Services.TryAddSingleton<TInterceptor>();
        _definition.ServerInterceptors.Add(provider => provider.GetRequiredService<TInterceptor>());
        return this;
    }

    /// <summary>
    /// Runs <typeparamref name="TInterceptor"/> (a singleton from dependency injection, registered here if it is not yet)
    /// around every call and notification this backend's client makes; interceptors run in the order added.
    /// </summary>
    /// <typeparam name="TInterceptor">The interceptor.</typeparam>
    /// <returns>This builder.</returns>
    public ClamatorBuilder AddClientInterceptor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TInterceptor>()
        where TInterceptor : class, IRpcInterceptor
    {
        Services.TryAddSingleton<TInterceptor>();
        _definition.ClientInterceptors.Add(provider => provider.GetRequiredService<TInterceptor>());
        return this;
    }
}
