using System.Threading.Channels;
using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>
/// The client side: writes requests to the service's channel. The core's lifecycle refuses calls before the start and after
/// the stop, and the core's <see cref="PendingCalls{TCall}"/> keeps the calls in flight so the stop fails them; what is left
/// here is what the loopback "network" needs.
/// </summary>
internal sealed class LoopbackClientTransport(LoopbackNetwork network) : IClientTransport
{
    private readonly PendingCalls<PendingCall> _calls = new();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _calls.Close();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        network.ClientDisposed();
        return ValueTask.CompletedTask;
    }

    public ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ChannelWriter<LoopbackRequest> writer = network.Find(call.Service) ?? throw NoResponders(call.Service);
        PendingCall waiting = _calls.Add(new PendingCall(call.Id), cancellationToken);
        if (!waiting.HasEnded)
        {
            string service = call.Service;
            writer.TryWrite(new LoopbackRequest(new IncomingRequest(service, call.Envelope, call.Deadline, call.Trace), r => Answer(waiting, r, service)));
        }

        return waiting.Reply;
    }

    public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
    {
        ChannelWriter<LoopbackRequest> writer = network.Find(service) ?? throw NoResponders(service);
        writer.TryWrite(new LoopbackRequest(new IncomingRequest(service, envelope, Trace: trace), null));
        return Task.CompletedTask;
    }

    private static void Answer(PendingCall waiting, DispatchResult result, string service)
    {
        switch (result.Status)
        {
            case DispatchStatus.Completed when result.Reply is { } envelope:
                waiting.TryComplete(Envelope.Parse(envelope));
                break;
            case DispatchStatus.Abandoned:
                waiting.TryFail(new ClamatorTransportException(
                    ClamatorTransportErrorKind.Stopped, "The loopback server stopped before the handler finished."));
                break;
            case DispatchStatus.Expired:
                // The request's deadline passed on the server: the core's own timeout ends the call.
                break;
            default:
                waiting.TryFail(NoResponders(service));
                break;
        }
    }

    private static ClamatorTransportException NoResponders(string service) =>
        new(ClamatorTransportErrorKind.NoResponders, $"No loopback server serves '{service}'.");
}
