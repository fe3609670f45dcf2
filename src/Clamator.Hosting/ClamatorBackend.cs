using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clamator.Hosting;

/// <summary>One backend at run time: its server (when it serves services) and its client (when it has clients), made on first use.</summary>
internal sealed class ClamatorBackend(BackendDefinition definition, IServiceProvider services) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private ClamatorTransport? _transport;
    private IRpcServer? _server;
    private IRpcClient? _client;
    private Task? _serverStart;
    private Task? _clientStart;

    public string Name => definition.Name;

    /// <summary>The name in logs and health reports: <c>default</c> for the default backend.</summary>
    public string Label => Name.Length == 0 ? "default" : Name;

    /// <summary>The transport's name, e.g. <c>Redis</c>.</summary>
    public string Transport => definition.TransportName ?? "no transport";

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
    /// Starts the server and returns once it runs or its first attempt to reach its broker has failed; a transport whose
    /// start waits (<see cref="ClamatorTransport.StartupOf(IRpcServer)"/>) then keeps trying in the background and serves once it answers.
    /// </summary>
    public Task StartServerAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (!HasServer)
        {
            return Task.CompletedTask;
        }

        IRpcServer server = Server;
        _serverStart = RunStartAsync("server", server.StartAsync, () => ServerRunning = true, e => ServerFailure = e, logger);
        return WhenStartedOrWaitingAsync(_serverStart, TransportOf().StartupOf(server), cancellationToken);
    }

    /// <summary>Starts the client as <see cref="StartServerAsync"/> starts the server; calls made while it waits for its broker fail at once.</summary>
    public Task StartClientAsync(ILogger logger, CancellationToken cancellationToken)
    {
        if (!HasClient)
        {
            return Task.CompletedTask;
        }

        IRpcClient client = Client;
        _clientStart = RunStartAsync("client", client.StartAsync, () => ClientRunning = true, e => ClientFailure = e, logger);
        return WhenStartedOrWaitingAsync(_clientStart, TransportOf().StartupOf(client), cancellationToken);
    }

    /// <summary>Why the server's start failed for good (not a wait for the broker, which goes on); <see langword="null"/> otherwise.</summary>
    public Exception? ServerFailure { get; private set; }

    /// <summary>Why the client's start failed for good; <see langword="null"/> otherwise.</summary>
    public Exception? ClientFailure { get; private set; }

    /// <summary>Why the server is not running yet while it waits for its broker; <see langword="null"/> when it is not waiting.</summary>
    public ClamatorTransportException? ServerWaiting => ServerRunning || _server is not { } server ? null : _transport?.StartupOf(server)?.LastFailure;

    /// <summary>Why the client is not running yet while it waits for its broker; <see langword="null"/> when it is not waiting.</summary>
    public ClamatorTransportException? ClientWaiting => ClientRunning || _client is not { } client ? null : _transport?.StartupOf(client)?.LastFailure;

    private static async Task RunStartAsync(string role, Func<CancellationToken, Task> start, Action started, Action<Exception> failed, ILogger logger)
    {
        try
        {
            await start(CancellationToken.None).ConfigureAwait(false);
            started();
        }
        catch (ClamatorTransportException ex)
        {
            // A transport failure after the host started (a transport that waits for its broker rarely fails so): the host goes on, health says why.
            failed(ex);
            HostingLog.StartFailed(logger, role, ex.Message, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopped while it waited for its broker.
        }
    }

    /// <summary>
    /// Returns once the start has ended or its first attempt failed; a start that ended with a bug (not a transport
    /// failure) fails the host's start.
    /// </summary>
    private static async Task WhenStartedOrWaitingAsync(Task starting, IStartupWait? startup, CancellationToken cancellationToken)
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

    /// <summary>The transport's probe of the running server and client (the caller has checked that they run).</summary>
    public Task<ClamatorTransportHealth> CheckHealthAsync(TimeSpan timeout, IDictionary<string, object> data, CancellationToken cancellationToken) =>
        TransportOf().CheckHealthAsync(
            new ClamatorHealthContext(Label, ServerRunning ? _server : null, ClientRunning ? _client : null, timeout, data), cancellationToken);

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

        if (_transport is IAsyncDisposable transport)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IRpcServer CreateServer()
    {
        IRpcServer server = TransportOf().CreateServer();
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
        IRpcClient client = TransportOf().CreateClient();
        foreach (Func<IServiceProvider, IRpcInterceptor> interceptor in definition.ClientInterceptors)
        {
            client.AddInterceptor(interceptor(services));
        }

        return client;
    }

    private ClamatorTransport TransportOf()
    {
        lock (_gate)
        {
            return _transport ??= definition.CreateTransport?.Invoke(services)
                ?? throw new InvalidOperationException(
                    $"Clamator backend '{Name}' has no transport: call UseRedis() or UseMemory() (or a transport's UseTransport) in AddClamator.");
        }
    }
}
