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
            var reply = new TaskCompletionSource<DispatchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            writer.TryWrite(new LoopbackRequest(new IncomingRequest(call.Service, call.Envelope, call.Deadline, call.Trace), reply));
            _ = AnswerAsync(waiting, reply.Task, call.Service);
        }

        return waiting.Reply;
    }

    public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
    {
        ChannelWriter<LoopbackRequest> writer = network.Find(service) ?? throw NoResponders(service);
        writer.TryWrite(new LoopbackRequest(new IncomingRequest(service, envelope, Trace: trace), null));
        return Task.CompletedTask;
    }

    private static async Task AnswerAsync(PendingCall waiting, Task<DispatchResult> reply, string service)
    {
        DispatchResult result = await reply.ConfigureAwait(false);
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
