using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>Calls dispatchers bound on a <see cref="MemoryBus"/> directly, keeping the calls in flight so stop can fail them.</summary>
internal sealed class MemoryClientTransport(MemoryBus bus) : IClientTransport
{
    private readonly PendingCalls<PendingCall> _calls = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _calls.Close();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        MemoryBinding? binding = bus.Find(call.Service);
        if (binding is null)
        {
            // The method asked for is named in the answer's data, as a server core names it (docs/protocol.md §4.1).
            Envelope request = Envelope.Parse(call.Envelope);
            string method = request.Service is { } service ? $"{service}.{request.Method}" : call.Service;
            return ValueTask.FromResult(Envelope.Parse(EnvelopeWriter.MethodNotFound(new RpcId(call.Id), method)));
        }

        PendingCall waiting = _calls.Add(new PendingCall(call.Id), cancellationToken);
        if (!waiting.HasEnded)
        {
            binding.Delivering();
            _ = DeliverAsync(waiting, binding, call);
        }

        return waiting.Reply;
    }

    public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
    {
        if (bus.Find(service) is { } binding)
        {
            // Fire-and-forget: a server that stopped between lookup and dispatch does not take it, and nothing is due.
            _ = binding.Dispatcher.DispatchAsync(new IncomingRequest(service, envelope, Trace: trace), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private static async Task DeliverAsync(PendingCall waiting, MemoryBinding binding, OutgoingCall call)
    {
        try
        {
            DispatchResult result = await binding.Dispatcher.DispatchAsync(
                new IncomingRequest(call.Service, call.Envelope, call.Deadline, call.Trace), CancellationToken.None).ConfigureAwait(false);
            switch (result.Status)
            {
                case DispatchStatus.Completed:
                    waiting.TryComplete(Envelope.Parse(result.Reply ?? throw new ClamatorProtocolException("The server produced no response to a request.")));
                    break;
                case DispatchStatus.NotTaken:
                    waiting.TryFail(new ClamatorTransportException(
                        ClamatorTransportErrorKind.NoResponders,
                        $"No responders: no in-memory server of '{call.Service}' is running on this bus; start one before calling."));
                    break;
                case DispatchStatus.Abandoned:
                    waiting.TryFail(new ClamatorTransportException(
                        ClamatorTransportErrorKind.Stopped, "handler abandoned: the server stopped before it finished"));
                    break;
                case DispatchStatus.Expired:
                    // The caller's deadline passed: its own timeout ends the call.
                    break;
            }
        }
        catch (Exception ex)
        {
            waiting.TryFail(ex is ClamatorTransportException or ClamatorProtocolException
                ? ex
                : new ClamatorTransportException(ClamatorTransportErrorKind.ConnectionFailed, $"Sending the request failed: {ex.Message}", ex));
        }
        finally
        {
            binding.HandedBack();
        }
    }
}
