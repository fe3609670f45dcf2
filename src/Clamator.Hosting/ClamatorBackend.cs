using Clamator.OverMemory;
using Clamator.OverRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clamator.Hosting;

/// <summary>One backend at run time: its server (when it serves services) and its client (when it has clients), made on first use.</summary>
internal sealed class ClamatorBackend(BackendDefinition definition, IServiceProvider services) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private MemoryBus? _bus;
    private IRpcServer? _server;
    private IRpcClient? _client;

    public string Name => definition.Name;

    /// <summary>The name in logs and health reports: <c>default</c> for the default backend.</summary>
    public string Label => Name.Length == 0 ? "default" : Name;

    public BackendTransport Transport => definition.Transport;

    public bool HasServer => definition.Services.Count > 0;

    public bool HasClient => definition.HasClients;

    public bool ServerRunning { get; private set; }

    public bool ClientRunning { get; private set; }

    public IRpcServer Server
    {
        get
        {
            lock (_gate)
            {
                return _server ??= CreateServer();
            }
        }
    }

    public IRpcClient Client
    {
        get
        {
            lock (_gate)
            {
                return _client ??= CreateClient();
            }
        }
    }

    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        if (HasServer)
        {
            await Server.StartAsync(cancellationToken).ConfigureAwait(false);
            ServerRunning = true;
        }
    }

    public async Task StartClientAsync(CancellationToken cancellationToken)
    {
        if (HasClient)
        {
            await Client.StartAsync(cancellationToken).ConfigureAwait(false);
            ClientRunning = true;
        }
    }

    public async Task StopServerAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            ServerRunning = false;
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } client)
        {
            ClientRunning = false;
            await client.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Round-trips a PING to Redis through the server's or the client's connection; nothing for a memory backend.</summary>
    public async Task<TimeSpan?> PingAsync(CancellationToken cancellationToken)
    {
        if (ServerRunning && _server is RedisRpcServer server)
        {
            return await server.PingAsync(cancellationToken).ConfigureAwait(false);
        }

        if (ClientRunning && _client is RedisRpcClient client)
        {
            return await client.PingAsync(cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// Why the served services are degraded (a failing loop, pending or lag over the thresholds), and whether one is
    /// not reading its stream at all; nothing for a memory backend or one that serves nothing.
    /// </summary>
    public (List<string> Degraded, string? Down) ServiceHealth(Dictionary<string, object> data, string label)
    {
        List<string> degraded = [];
        if (!ServerRunning || _server is not RedisRpcServer server)
        {
            return (degraded, null);
        }

        ClamatorRedisOptions options = RedisOptions();
        DateTimeOffset now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        string? down = null;
        foreach (RedisServiceStatus status in server.GetServiceStatus())
        {
            string where = $"Clamator backend '{label}', service '{status.Service}'";
            if (status.Pending is { } pending)
            {
                data[$"{label}.{status.Service}.pending"] = pending;
                if (pending > options.HealthMaxPending)
                {
                    degraded.Add($"{where}: {pending} entries pending, over HealthMaxPending ({options.HealthMaxPending}).");
                }
            }

            if (status.Lag is { } lag)
            {
                data[$"{label}.{status.Service}.lag"] = lag;
                if (lag > options.HealthMaxLag)
                {
                    degraded.Add($"{where}: lag {lag}, over HealthMaxLag ({options.HealthMaxLag}).");
                }
            }

            foreach ((string loop, DateTimeOffset since) in status.FailingLoops)
            {
                // A read that failed once (a blip, a group Redis lost) is retried within the backoff: down only when
                // it has kept failing for twice the longest backoff.
                TimeSpan failing = now - since;
                if (loop == "read" && failing > 2 * options.MaxRetryDelay)
                {
                    down ??= $"{where}: its read loop has been failing for {failing.TotalSeconds:0} s; no new requests are read.";
                }
                else
                {
                    degraded.Add($"{where}: its {loop} loop is failing and retrying.");
                }
            }
        }

        return (degraded, down);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        if (_client is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IRpcServer CreateServer()
    {
        IRpcServer server = definition.Transport switch
        {
            BackendTransport.Redis => new RedisRpcServer(RedisOptionsMapping.Server(RedisOptions(), RedisOptionsMapping.Connection(services, Name), services)),
            BackendTransport.Memory => new MemoryRpcServer(
                Bus(),
                MemoryOptions().ShutdownGrace,
                services.GetService<ILoggerFactory>()?.CreateLogger<MemoryRpcServer>(),
                services.GetService<TimeProvider>(),
                services.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
                MemoryLimits()),
            _ => throw NoTransport(),
        };
        server.AddInterceptor(new CallScope(services.GetRequiredService<IServiceScopeFactory>()));
        foreach (Func<IServiceProvider, IRpcInterceptor> interceptor in definition.ServerInterceptors)
        {
            server.AddInterceptor(interceptor(services));
        }

        foreach (Action<IRpcServer> register in definition.Services)
        {
            register(server);
        }

        return server;
    }

    private IRpcClient CreateClient()
    {
        IRpcClient client = NewClient();
        foreach (Func<IServiceProvider, IRpcInterceptor> interceptor in definition.ClientInterceptors)
        {
            client.AddInterceptor(interceptor(services));
        }

        return client;
    }

    private IRpcClient NewClient() => definition.Transport switch
    {
        BackendTransport.Redis => new RedisRpcClient(RedisOptionsMapping.Client(RedisOptions(), RedisOptionsMapping.Connection(services, Name), services)),
        BackendTransport.Memory => new MemoryRpcClient(
            Bus(),
            MemoryOptions().DefaultTimeout,
            services.GetService<TimeProvider>(),
            services.GetService<System.Diagnostics.Metrics.IMeterFactory>()),
        _ => throw NoTransport(),
    };

    private MemoryBus Bus() => _bus ??= new MemoryBus();

    private Clamator.Transport.RpcServerLimits MemoryLimits() => new()
    {
        MaxConcurrency = MemoryOptions().MaxConcurrency ?? int.MaxValue,
        MaxEnvelopeBytes = MemoryOptions().MaxEnvelopeBytes,
    };

    private ClamatorRedisOptions RedisOptions() => services.GetRequiredService<IOptionsMonitor<ClamatorRedisOptions>>().Get(Name);

    private ClamatorMemoryOptions MemoryOptions() => services.GetRequiredService<IOptionsMonitor<ClamatorMemoryOptions>>().Get(Name);

    private InvalidOperationException NoTransport() =>
        new($"Clamator backend '{Name}' has no transport: call UseRedis() or UseMemory() in AddClamator.");
}
