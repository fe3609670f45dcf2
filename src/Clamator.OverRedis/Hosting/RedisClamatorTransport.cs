using Clamator.Hosting;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Runs one Clamator.Hosting backend over Redis Streams: its server and client from <see cref="ClamatorRedisOptions"/>,
/// started in the background until Redis answers (<see cref="RedisTransportOptions.WaitForRedis"/>), and its health probe:
/// <c>PING</c>, the served services' loops, pending entries and lag, and the services the client finds no responders for.
/// </summary>
internal sealed class RedisClamatorTransport(string backend, IServiceProvider services) : ClamatorTransport
{
    public override IRpcServer CreateServer() => new RedisRpcServer(WithServices(Options().Server));

    public override IRpcClient CreateClient() => new RedisRpcClient(WithServices(Options().Client));

    public override IStartupWait? StartupOf(IRpcServer server) => (server as RedisRpcServer)?.Startup;

    public override IStartupWait? StartupOf(IRpcClient client) => (client as RedisRpcClient)?.Startup;

    public override async Task<ClamatorTransportHealth> CheckHealthAsync(ClamatorHealthContext context, CancellationToken cancellationToken)
    {
        string label = context.Backend;
        try
        {
            if (await PingAsync(context, cancellationToken).ConfigureAwait(false) is { } roundTrip)
            {
                context.Data[label + ".pingMs"] = roundTrip.TotalMilliseconds;
            }
        }
        catch (ClamatorTransportException ex)
        {
            return ClamatorTransportHealth.Unhealthy($"Clamator backend '{label}': {ex.Message}", ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ClamatorTransportHealth.Unhealthy($"Clamator backend '{label}': Redis does not answer PING within {context.Timeout.TotalSeconds:0.#} s.");
        }

        List<string> degraded = [];
        if (context.Server is RedisRpcServer server
            && ServiceHealth.Check(server.GetServiceStatus(), Options(), Now(), label, context.Data, degraded) is { } down)
        {
            return ClamatorTransportHealth.Unhealthy(down);
        }

        if (context.Client is RedisRpcClient client && ResponderHealth.Check(label, client.ServicesWithoutResponders, context.Data) is { } noResponders)
        {
            degraded.Add(noResponders);
        }

        return ClamatorTransportHealth.DegradedBy(degraded);
    }

    /// <summary>Round-trips a PING to Redis through the server's or the client's connection.</summary>
    private static async Task<TimeSpan?> PingAsync(ClamatorHealthContext context, CancellationToken cancellationToken) => context switch
    {
        { Server: RedisRpcServer server } => await server.PingAsync(cancellationToken).ConfigureAwait(false),
        { Client: RedisRpcClient client } => await client.PingAsync(cancellationToken).ConfigureAwait(false),
        _ => null,
    };

    /// <summary>The bound settings with what dependency injection provides; the bound instance itself stays as it is.</summary>
    private TOptions WithServices<TOptions>(TOptions options)
        where TOptions : RedisTransportOptions =>
        options.WithServices<TOptions>(
            Connection(), services.GetService<ILoggerFactory>(), services.GetService<TimeProvider>(), services.GetService<IMeterFactory>());

    private ClamatorRedisOptions Options() => services.GetRequiredService<IOptionsMonitor<ClamatorRedisOptions>>().Get(backend);

    private DateTimeOffset Now() => (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();

    /// <summary>The multiplexer to share: keyed by the backend's name, else unkeyed.</summary>
    private IConnectionMultiplexer? Connection() =>
        services.GetKeyedService<IConnectionMultiplexer>(backend) ?? services.GetService<IConnectionMultiplexer>();
}
