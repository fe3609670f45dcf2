using Clamator;
using Clamator.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Clamator backends to a service collection.</summary>
public static class ClamatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the default Clamator backend (options from the configuration section <c>Clamator</c>): its services are
    /// served and its clients connected while the host runs, and its <see cref="IRpcClient"/> is injected without a key.
    /// Calling it again adds to the same backend.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Declares the transport, services and clients.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddClamator(this IServiceCollection services, Action<ClamatorBuilder> configure) =>
        services.AddClamator(Options.Options.DefaultName, configure);

    /// <summary>
    /// Adds the Clamator backend <paramref name="name"/> (options from the configuration section <c>Clamator:&lt;name&gt;</c>):
    /// its services are served and its clients connected while the host runs, and its <see cref="IRpcClient"/> is injected
    /// keyed by <paramref name="name"/>. Calling it again with the same name adds to the same backend.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The backend's name; empty for the default backend.</param>
    /// <param name="configure">Declares the transport, services and clients.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddClamator(this IServiceCollection services, string name, Action<ClamatorBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);

        BackendRegistry registry = Registry(services);
        bool known = registry.Backends.Any(b => b.Name == name);
        BackendDefinition definition = registry.GetOrAdd(name);
        if (!known)
        {
            services.AddKeyedSingleton<IRpcClient>(name, (provider, _) => ClamatorBackends.ClientOf(provider, name));
            if (name.Length == 0)
            {
                services.AddSingleton<IRpcClient>(provider => ClamatorBackends.ClientOf(provider, name));
                services.AddSingleton<IClamatorClient>(provider => ClamatorBackends.ClientOf(provider, name));
            }
        }

        configure(new ClamatorBuilder(services, definition));
        return services;
    }

    private static BackendRegistry Registry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(BackendRegistry) && !d.IsKeyedService)?.ImplementationInstance is BackendRegistry existing)
        {
            return existing;
        }

        var registry = new BackendRegistry();
        services.AddSingleton(registry);
        services.TryAddSingleton<ClamatorBackends>();
        services.AddOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClamatorHostedService>());
        return registry;
    }
}
