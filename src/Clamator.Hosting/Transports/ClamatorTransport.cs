namespace Clamator.Hosting;

/// <summary>
/// What a transport package implements to run Clamator.Hosting backends: it makes the backend's server and client and
/// probes its broker for the health check. A package plugs in with an extension of its own on <see cref="ClamatorBuilder"/>
/// (as <c>UseRedis</c> and <c>UseMemory</c> do) that binds its options and calls <see cref="ClamatorBuilder.UseTransport"/>.
/// One instance per backend, made on first use; Hosting adds the call scope, the interceptors and the services to the server
/// it makes, starts both with the host, stops them and disposes them; a transport that is <see cref="IAsyncDisposable"/>
/// (one holding a connection its server and client share) is disposed after them.
/// </summary>
public abstract class ClamatorTransport
{
    /// <summary>Makes the backend's server; not started. Called once, when the backend serves services.</summary>
    /// <returns>The server.</returns>
    public abstract IRpcServer CreateServer();

    /// <summary>Makes the backend's client; not started. Called once, when the backend injects clients.</summary>
    /// <returns>The client.</returns>
    public abstract IRpcClient CreateClient();

    /// <summary>
    /// How the start of <paramref name="server"/> goes when it keeps trying in the background until its broker answers;
    /// <see langword="null"/> (the default) when its start ends at once, in success or failure.
    /// </summary>
    /// <param name="server">A server <see cref="CreateServer"/> made.</param>
    /// <returns>The start's progress, or <see langword="null"/>.</returns>
    public virtual IStartupWait? StartupOf(IRpcServer server) => null;

    /// <summary>As <see cref="StartupOf(IRpcServer)"/>, for a client <see cref="CreateClient"/> made.</summary>
    /// <param name="client">A client <see cref="CreateClient"/> made.</param>
    /// <returns>The start's progress, or <see langword="null"/>.</returns>
    public virtual IStartupWait? StartupOf(IRpcClient client) => null;

    /// <summary>
    /// Probes the backend for the health check once its server and client run: whether its broker answers, whether its
    /// services are degraded. Healthy by default. Called with a token cancelled after <see cref="ClamatorHealthContext.Timeout"/>;
    /// a probe that does not return by then counts as not answering.
    /// </summary>
    /// <param name="context">The backend, its running server and client, and the data of the report.</param>
    /// <param name="cancellationToken">Cancelled once the check's time is up.</param>
    /// <returns>What the probe found.</returns>
    public virtual Task<ClamatorTransportHealth> CheckHealthAsync(ClamatorHealthContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ClamatorTransportHealth.Healthy);
}
