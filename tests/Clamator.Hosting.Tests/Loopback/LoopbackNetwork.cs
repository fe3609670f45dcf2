using System.Collections.Concurrent;
using System.Threading.Channels;
using Clamator.Hosting;

namespace Clamator.Tests.Loopback;

/// <summary>
/// The "broker" of the loopback transport: one channel per served service, which a server reads and clients write to, and
/// the health its probe reports (set by a test). Also counts the transports disposed, so a test sees the host release them.
/// </summary>
public sealed class LoopbackNetwork
{
    private readonly ConcurrentDictionary<string, Channel<LoopbackRequest>> _services = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _online = Online();
    private int _serversDisposed;
    private int _clientsDisposed;
    private int _transportsDisposed;

    /// <summary>What the transport's health probe reports; healthy until a test says otherwise.</summary>
    public ClamatorTransportHealth Health { get; set; } = ClamatorTransportHealth.Healthy;

    /// <summary>The context of the latest probe.</summary>
    public ClamatorHealthContext? LastProbe { get; set; }

    public int ServersDisposed => Volatile.Read(ref _serversDisposed);

    public int ClientsDisposed => Volatile.Read(ref _clientsDisposed);

    public int TransportsDisposed => Volatile.Read(ref _transportsDisposed);

    /// <summary>Servers that start from now on wait until <see cref="BringOnline"/>.</summary>
    public void TakeOffline() => _online = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void BringOnline() => _online.TrySetResult();

    internal Task WhenOnline => _online.Task;

    internal Channel<LoopbackRequest> Bind(string service)
    {
        Channel<LoopbackRequest> channel = Channel.CreateUnbounded<LoopbackRequest>(new UnboundedChannelOptions { SingleReader = true });
        return _services.TryAdd(service, channel) ? channel : throw new InvalidOperationException($"Service '{service}' is already served on this network.");
    }

    internal void Unbind(string service, Channel<LoopbackRequest> channel) => _services.TryRemove(new(service, channel));

    internal ChannelWriter<LoopbackRequest>? Find(string service) => _services.GetValueOrDefault(service)?.Writer;

    internal void ServerDisposed() => Interlocked.Increment(ref _serversDisposed);

    internal void ClientDisposed() => Interlocked.Increment(ref _clientsDisposed);

    internal void TransportDisposed() => Interlocked.Increment(ref _transportsDisposed);

    private static TaskCompletionSource Online()
    {
        var online = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        online.SetResult();
        return online;
    }
}
