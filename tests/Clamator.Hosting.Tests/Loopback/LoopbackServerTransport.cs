using System.Threading.Channels;
using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>The server side: while it runs, reads each service's channel and hands every request to the core's dispatcher.</summary>
internal sealed class LoopbackServerTransport(LoopbackNetwork network) : IServerTransport
{
    private readonly Dictionary<string, IRpcDispatcher> _dispatchers = new(StringComparer.Ordinal);
    private readonly List<(string Service, Channel<LoopbackRequest> Channel, Task Reading)> _bound = [];
    private volatile bool _stopping;

    /// <summary>How the start goes while the network is offline (Clamator.Hosting's health and start wait read it).</summary>
    public LoopbackStartup Startup { get; } = new();

    public void RegisterService(string service, IRpcDispatcher dispatcher) => _dispatchers.Add(service, dispatcher);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Task online = network.WhenOnline;
        if (!online.IsCompleted)
        {
            Startup.Failed(new ClamatorTransportException(ClamatorTransportErrorKind.ConnectionFailed, "The loopback network is offline."));
            await online.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Startup.Started();
        foreach ((string service, IRpcDispatcher dispatcher) in _dispatchers)
        {
            Channel<LoopbackRequest> channel = network.Bind(service);
            _bound.Add((service, channel, ReadAsync(channel.Reader, dispatcher)));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        foreach ((string service, Channel<LoopbackRequest> channel, _) in _bound)
        {
            network.Unbind(service, channel);
            channel.Writer.TryComplete();
        }

        await Task.WhenAll(_bound.Select(b => b.Reading)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        network.ServerDisposed();
    }

    private async Task ReadAsync(ChannelReader<LoopbackRequest> reader, IRpcDispatcher dispatcher)
    {
        await foreach (LoopbackRequest request in reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_stopping)
            {
                request.Reply?.TrySetResult(new DispatchResult(DispatchStatus.NotTaken));
            }
            else
            {
                _ = DispatchAsync(request, dispatcher);
            }
        }
    }

    private static async Task DispatchAsync(LoopbackRequest request, IRpcDispatcher dispatcher)
    {
        DispatchResult result = await dispatcher.DispatchAsync(request.Request, CancellationToken.None).ConfigureAwait(false);
        request.Reply?.TrySetResult(result);
    }
}
