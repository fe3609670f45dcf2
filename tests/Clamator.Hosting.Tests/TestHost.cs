using Clamator.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clamator.Tests;

/// <summary>Builds a generic host the way an application does, with in-memory configuration.</summary>
public static class TestHost
{
    public static IHost Build(Action<IServiceCollection> services, IDictionary<string, string?>? configuration = null) =>
        new HostBuilder()
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()))
            .ConfigureServices(s =>
            {
                s.AddSingleton<CallLog>();
                s.AddSingleton<SlowAddGate>();
                s.AddScoped<ScopedDependency>();
                s.AddScoped<DependencyHolder>();
                services(s);
            })
            .Build();

    /// <summary>The arith service over memory, served and called in the same host.</summary>
    public static IHost ArithOverMemory(Action<ClamatorBuilder>? more = null, IDictionary<string, string?>? configuration = null) =>
        Build(s => s.AddClamator(c =>
        {
            c.UseMemory().AddService<Arith.IArithService, ScopedArithService>().AddClient<Arith.ArithClient>();
            more?.Invoke(c);
        }), configuration);
}
