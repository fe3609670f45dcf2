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
        _pending.FailAll(new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage));

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    public ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ThrowIfNotRunning();
        IRpcDispatcher? dispatcher = bus.Find(call.Service);
        if (dispatcher is null)
        {
            // The method asked for is named in the answer's data, as a server core names it (docs/protocol.md §4.1).
            Envelope request = Envelope.Parse(call.Envelope);
            string method = request.Service is { } service ? $"{service}.{request.Method}" : call.Service;
            return ValueTask.FromResult(Envelope.Parse(EnvelopeWriter.MethodNotFound(new RpcId(call.Id), method)));
        }

        return new(_pending.SendAndWaitAsync(call.Id, (this, dispatcher, call), static s => s.Item1.DeliverAsync(s.dispatcher, s.call), cancellationToken));
    }

    public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfNotRunning();
        if (bus.Find(service) is { } dispatcher)
        {
            // Fire-and-forget: a server that stopped between lookup and dispatch does not take it, and nothing is due.
            _ = dispatcher.DispatchAsync(new IncomingRequest(service, envelope, Trace: trace), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task DeliverAsync(IRpcDispatcher dispatcher, OutgoingCall call)
    {
        ThrowIfNotRunning();
        DispatchResult result = await dispatcher.DispatchAsync(
            new IncomingRequest(call.Service, call.Envelope, call.Deadline, call.Trace), CancellationToken.None).ConfigureAwait(false);
        switch (result.Status)
        {
            case DispatchStatus.Completed:
                _pending.TryComplete(
                    call.Id, Envelope.Parse(result.Reply ?? throw new ClamatorProtocolException("The server produced no response to a request.")));
                break;
            case DispatchStatus.NotTaken:
                throw new ClamatorTransportException(
                    ClamatorTransportErrorKind.NoResponders,
                    $"No responders: no in-memory server of '{call.Service}' is running on this bus; start one before calling.");
            case DispatchStatus.Abandoned:
                throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, "handler abandoned: the server stopped before it finished");
            case DispatchStatus.Expired:
                // The caller's deadline passed: its own timeout ends the call.
                break;
        }
    }

    private void ThrowIfNotRunning()
    {
        switch (Volatile.Read(ref _state))
        {
            case Created:
                throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.NotStartedMessage);
            case Stopped:
                throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage);
        }
    }
}
