using System.Threading.Channels;
using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>The server side: while it runs, reads each service's channel and hands every request to the core's dispatcher.</summary>
internal sealed class LoopbackServerTransport(LoopbackNetwork network) : IServerTransport
{
    private readonly Dictionary<string, IRpcDispatcher> _dispatchers = new(StringComparer.Ordinal);
    private readonly List<(string Service, Channel<LoopbackRequest> Channel, Task Reading)> _bound = [];
    private readonly Lock _gate = new();
    private volatile bool _stopping;
    private int _dispatching;
    private TaskCompletionSource? _handedBack;

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

    /// <summary>
    /// Called by the core after its drain: the core's drain ends when the handlers return, so this waits until their results
    /// have been handed back to the callers too (the transport's half of a drain).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        Task handedBack;
        lock (_gate)
        {
            handedBack = _dispatching == 0 ? Task.CompletedTask
                : (_handedBack ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        await handedBack.ConfigureAwait(false);

        network.ServerDisposed();
    }

    private async Task ReadAsync(ChannelReader<LoopbackRequest> reader, IRpcDispatcher dispatcher)
    {
        await foreach (LoopbackRequest request in reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_stopping)
            {
                request.Answer?.Invoke(new DispatchResult(DispatchStatus.NotTaken));
            }
            else
            {
                _ = DispatchAsync(request, dispatcher);
            }
        }
    }

    private async Task DispatchAsync(LoopbackRequest request, IRpcDispatcher dispatcher)
    {
        lock (_gate)
        {
            _dispatching++;
        }

        try
        {
            DispatchResult result = await dispatcher.DispatchAsync(request.Request, CancellationToken.None).ConfigureAwait(false);
            request.Answer?.Invoke(result);
        }
        finally
        {
            lock (_gate)
            {
                if (--_dispatching == 0)
                {
                    _handedBack?.TrySetResult();
                    _handedBack = null;
                }
            }
        }
    }
}
