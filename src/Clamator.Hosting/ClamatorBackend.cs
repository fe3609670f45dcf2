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
    private Task? _serverStart;
    private Task? _clientStart;

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

    /// <summary>
    /// Starts the server and returns once it runs or its first attempt to reach Redis has failed; a Redis backend then
    /// keeps trying in the background (<see cref="RedisTransportOptions.WaitForRedis"/>) and serves once Redis answers.
    /// </summary>
    public Task StartServerAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (!HasServer)
        {
            return Task.CompletedTask;
        }

        IRpcServer server = Server;
        _serverStart = RunStartAsync("server", server.StartAsync, () => ServerRunning = true, e => ServerFailure = e, logger);
        return WhenStartedOrWaitingAsync(_serverStart, (server as RedisRpcServer)?.Startup, cancellationToken);
    }

    /// <summary>Starts the client as <see cref="StartServerAsync"/> starts the server; calls made while it waits for Redis fail at once.</summary>
    public Task StartClientAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (!HasClient)
        {
            return Task.CompletedTask;
        }

        IRpcClient client = Client;
        _clientStart = RunStartAsync("client", client.StartAsync, () => ClientRunning = true, e => ClientFailure = e, logger);
        return WhenStartedOrWaitingAsync(_clientStart, (client as RedisRpcClient)?.Startup, cancellationToken);
    }

    /// <summary>Why the server's start failed for good (not a wait for Redis, which goes on); <see langword="null"/> otherwise.</summary>
    public Exception? ServerFailure { get; private set; }

    /// <summary>Why the client's start failed for good; <see langword="null"/> otherwise.</summary>
    public Exception? ClientFailure { get; private set; }

    /// <summary>Why the server is not running yet while it waits for Redis; <see langword="null"/> when it is not waiting.</summary>
    public ClamatorTransportException? ServerWaiting => ServerRunning ? null : (_server as RedisRpcServer)?.Startup.LastFailure;

    /// <summary>Why the client is not running yet while it waits for Redis; <see langword="null"/> when it is not waiting.</summary>
    public ClamatorTransportException? ClientWaiting => ClientRunning ? null : (_client as RedisRpcClient)?.Startup.LastFailure;

    /// <summary>The services the client has called whose view finds no live server; empty for a memory backend or before start.</summary>
    public IReadOnlyCollection<string> ServicesWithoutResponders => ClientRunning && _client is RedisRpcClient client ? client.ServicesWithoutResponders : [];

    private static async Task RunStartAsync(string role, Func<CancellationToken, Task> start, Action started, Action<Exception> failed, ILogger logger)
    {
        try
        {
            await start(CancellationToken.None).ConfigureAwait(false);
            started();
        }
        catch (ClamatorTransportException ex)
        {
            // A transport failure after the host started (Redis is waited for, so rarely): the host goes on, health says why.
            failed(ex);
            HostingLog.StartFailed(logger, role, ex.Message, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopped while it waited for Redis.
        }
    }

    /// <summary>
    /// Returns once the start has ended or its first attempt failed; a start that ended with a bug (not a transport
    /// failure) fails the host's start.
    /// </summary>
    private static async Task WhenStartedOrWaitingAsync(Task starting, StartupWait? startup, CancellationToken cancellationToken)
    {
        Task firstAttempt = startup?.FirstAttempt ?? starting;
        Task done = await Task.WhenAny(starting, firstAttempt).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (done == starting || starting.IsCompleted)
        {
            await starting.ConfigureAwait(false);
        }
    }

    public async Task StopServerAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            ServerRunning = false;
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
            await (_serverStart ?? Task.CompletedTask).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } client)
        {
            ClientRunning = false;
            await client.StopAsync(cancellationToken).ConfigureAwait(false);
            await (_clientStart ?? Task.CompletedTask).WaitAsync(cancellationToken).ConfigureAwait(false);
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
