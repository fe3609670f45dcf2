using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Clamator.Hosting;

/// <summary>
/// Declares one Clamator backend (a transport and key prefix) inside <c>AddClamator</c>: its transport
/// (<see cref="UseRedis"/> or <see cref="UseMemory"/>), the services it serves and the clients it injects.
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

    /// <summary>
    /// Runs the backend over Redis Streams, with <see cref="ClamatorRedisOptions"/> bound from the backend's configuration
    /// section and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The backend already has another transport.</exception>
    public ClamatorBuilder UseRedis(Action<ClamatorRedisOptions>? configure = null)
    {
        SetTransport(BackendTransport.Redis);
        OptionsBuilder<ClamatorRedisOptions> options = Services.AddOptions<ClamatorRedisOptions>(Name).BindConfiguration(_definition.SectionPath);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClamatorRedisOptions>, RedisOptionsValidator>());
        return this;
    }

    /// <summary>
    /// Runs the backend in process on a <c>MemoryBus</c> of its own (for tests and embedding), with
    /// <see cref="ClamatorMemoryOptions"/> bound from the backend's configuration section and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The backend already has another transport.</exception>
    public ClamatorBuilder UseMemory(Action<ClamatorMemoryOptions>? configure = null)
    {
        SetTransport(BackendTransport.Memory);
        OptionsBuilder<ClamatorMemoryOptions> options = Services.AddOptions<ClamatorMemoryOptions>(Name).BindConfiguration(_definition.SectionPath);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClamatorMemoryOptions>, MemoryOptionsValidator>());
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

    private void SetTransport(BackendTransport transport)
    {
        if (_definition.Transport != BackendTransport.None && _definition.Transport != transport)
        {
            throw new InvalidOperationException($"Clamator backend '{Name}' already runs on {_definition.Transport}.");
        }

        _definition.Transport = transport;
    }
}
