using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>Calls dispatchers bound on a <see cref="MemoryBus"/> directly, tracking pending calls so stop can fail them.</summary>
internal sealed class MemoryClientTransport(MemoryBus bus) : IClientTransport
{
    private const int Created = 0, Running = 1, Stopped = 2;

    private readonly PendingCalls _pending = new();
    private int _state;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, Running, Created) != Created)
        {
            throw new InvalidOperationException(_state == Running ? "The client has already started." : "The client has been stopped; create a new one.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _state, Stopped);
        _pending.FailAll(new ClamatorTransportException(ClamatorTransportException.StoppedMessage));

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    public Task<ReadOnlyMemory<byte>> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ThrowIfNotRunning();
        IRpcDispatcher? dispatcher = bus.Find(call.Service);
        if (dispatcher is null)
        {
            return Task.FromResult<ReadOnlyMemory<byte>>(EnvelopeWriter.Error(new RpcId(call.Id), RpcErrorCodes.MethodNotFound, "Method not found"));
        }

        return _pending.SendAndWaitAsync(call.Id, (this, dispatcher, call), static s => s.Item1.DeliverAsync(s.dispatcher, s.call), cancellationToken);
    }

    public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfNotRunning();
        if (bus.Find(service) is { } dispatcher)
        {
            _ = ObserveAsync(dispatcher.DispatchAsync(service, envelope, CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    private async Task DeliverAsync(IRpcDispatcher dispatcher, OutgoingCall call)
    {
        ThrowIfNotRunning();
        byte[] response = await dispatcher.DispatchAsync(call.Service, call.Envelope, CancellationToken.None).ConfigureAwait(false)
            ?? throw new ClamatorProtocolException("The server produced no response to a request.");
        _pending.TryComplete(call.Id, response);
    }

    private static async Task ObserveAsync(Task dispatch)
    {
        try
        {
            await dispatch.ConfigureAwait(false);
        }
        catch (ClamatorTransportException)
        {
            // The server stopped between lookup and dispatch: a notification is fire-and-forget.
        }
    }

    private void ThrowIfNotRunning()
    {
        switch (Volatile.Read(ref _state))
        {
            case Created:
                throw new ClamatorTransportException(ClamatorTransportException.NotStartedMessage);
            case Stopped:
                throw new ClamatorTransportException(ClamatorTransportException.StoppedMessage);
        }
    }
}
