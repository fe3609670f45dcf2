using Clamator.Hosting;
using Clamator.OverRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs Clamator.Hosting backends over Redis Streams.</summary>
public static class RedisClamatorBuilderExtensions
{
    /// <summary>
    /// Runs the backend over Redis Streams, with <see cref="ClamatorRedisOptions"/> bound from the backend's configuration
    /// section (<see cref="ClamatorBuilder.SectionPath"/>) and then <paramref name="configure"/>, validated when the host
    /// starts. The server and client start in the background until Redis answers; the health check pings Redis and reports
    /// the served services' loops, pending entries and lag.
    /// </summary>
    /// <param name="builder">The backend's builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="InvalidOperationException">The backend already has another transport.</exception>
    public static ClamatorBuilder UseRedis(this ClamatorBuilder builder, Action<ClamatorRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string backend = builder.Name;
        builder.UseTransport("Redis", services => new RedisClamatorTransport(backend, services));
        string section = builder.SectionPath;
        OptionsBuilder<ClamatorRedisOptions> options = builder.Services.AddOptions<ClamatorRedisOptions>(backend)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // One flat section binds the server's, the client's and hosting's settings (Clamator:MaxConcurrency,
                // Clamator:DefaultTimeout, Clamator:HealthMaxPending).
                IConfigurationSection settings = configuration.GetSection(section);
                FlatSettingsBinder.Bind(settings, o.Server);
                FlatSettingsBinder.Bind(settings, o.Client);
                FlatSettingsBinder.Bind(settings, o);
            });
        builder.Services.AddSingleton<IOptionsChangeTokenSource<ClamatorRedisOptions>>(
            sp => new ConfigurationChangeTokenSource<ClamatorRedisOptions>(backend, sp.GetRequiredService<IConfiguration>().GetSection(section)));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClamatorRedisOptions>, RedisOptionsValidator>());
        return builder;
    }
}
