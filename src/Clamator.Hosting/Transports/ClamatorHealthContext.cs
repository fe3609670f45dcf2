namespace Clamator.Hosting;

/// <summary>What <see cref="ClamatorTransport.CheckHealthAsync"/> probes: one backend whose server and client run.</summary>
public sealed class ClamatorHealthContext
{
    internal ClamatorHealthContext(string backend, IRpcServer? server, IRpcClient? client, TimeSpan timeout, IDictionary<string, object> data)
    {
        Backend = backend;
        Server = server;
        Client = client;
        Timeout = timeout;
        Data = data;
    }

    /// <summary>The backend's name in reports: <c>default</c> for the unnamed one.</summary>
    public string Backend { get; }

    /// <summary>The backend's running server; <see langword="null"/> when it serves nothing.</summary>
    public IRpcServer? Server { get; }

    /// <summary>The backend's running client; <see langword="null"/> when it has no clients.</summary>
    public IRpcClient? Client { get; }

    /// <summary>How long the whole check may take (<c>AddClamator(timeout: …)</c>, 2 s by default).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The report's data: add figures under keys that start with <see cref="Backend"/> and a dot.</summary>
    public IDictionary<string, object> Data { get; }
}
