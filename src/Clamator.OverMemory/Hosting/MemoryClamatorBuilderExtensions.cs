using Clamator.Hosting;
using Clamator.OverMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs Clamator.Hosting backends in process.</summary>
public static class MemoryClamatorBuilderExtensions
{
    /// <summary>
    /// Runs the backend in process on a <see cref="MemoryBus"/> of its own (for tests and embedding), with
    /// <see cref="ClamatorMemoryOptions"/> bound from the backend's configuration section (<see cref="ClamatorBuilder.SectionPath"/>)
    /// and then <paramref name="configure"/>, validated when the host starts.
    /// </summary>
    /// <param name="builder">The backend's builder.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="InvalidOperationException">The backend already has another transport.</exception>
    public static ClamatorBuilder UseMemory(this ClamatorBuilder builder, Action<ClamatorMemoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string backend = builder.Name;
        builder.UseTransport("Memory", services => new MemoryClamatorTransport(backend, services));
        OptionsBuilder<ClamatorMemoryOptions> options = builder.Services.AddOptions<ClamatorMemoryOptions>(backend).BindConfiguration(builder.SectionPath);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClamatorMemoryOptions>, MemoryOptionsValidator>());
        return builder;
    }
}
