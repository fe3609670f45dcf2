using Clamator.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Clamator.Tests.Loopback;

/// <summary>How a transport package plugs in: an extension of its own on <see cref="ClamatorBuilder"/>.</summary>
public static class LoopbackClamatorBuilderExtensions
{
    public static ClamatorBuilder UseLoopback(this ClamatorBuilder builder, LoopbackNetwork network)
    {
        string backend = builder.Name;
        builder.Services.AddOptions<LoopbackOptions>(backend).BindConfiguration(builder.SectionPath);
        return builder.UseTransport("Loopback", services => new LoopbackTransport(network, backend, services));
    }
}
