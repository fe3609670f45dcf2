using System.Collections.Concurrent;
using System.Threading.Channels;
using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>The client side: writes requests to the service's channel; each carries its own reply, so nothing needs correlating.</summary>
internal sealed class LoopbackClientTransport(LoopbackNetwork network) : IClientTransport
{
    private const int Created = 0, Running = 1, Stopped = 2;

    private readonly ConcurrentDictionary<TaskCompletionSource<DispatchResult>, byte> _waiting = new();
    private int _state;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _state, Running, Created);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _state, Stopped);
        foreach (TaskCompletionSource<DispatchResult> reply in _waiting.Keys)
        {
            reply.TrySetException(new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage));
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        network.ClientDisposed();
    }

    public async ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<DispatchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.TryAdd(reply, 0);
        try
        {
            Writer(call.Service).TryWrite(new LoopbackRequest(new IncomingRequest(call.Service, call.Envelope, call.Deadline, call.Trace), reply));
            DispatchResult result = await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return result.Status switch
            {
                DispatchStatus.Completed when result.Reply is { } envelope => Envelope.Parse(envelope),
                DispatchStatus.Expired => await WaitForDeadlineAsync(cancellationToken).ConfigureAwait(false),
                DispatchStatus.Abandoned =>
                throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, "The loopback server stopped before the handler finished."),
                _ => throw NoResponders(call.Service),
            };
        }
        finally
        {
            _waiting.TryRemove(reply, out _);
        }
    }

    public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
    {
        Writer(service).TryWrite(new LoopbackRequest(new IncomingRequest(service, envelope, Trace: trace), null));
        return Task.CompletedTask;
    }

    private ChannelWriter<LoopbackRequest> Writer(string service) => Volatile.Read(ref _state) switch
    {
        Created => throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.NotStartedMessage),
        Stopped => throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage),
        _ => network.Find(service) ?? throw NoResponders(service),
    };

    /// <summary>The request's deadline passed on the server: the core ends the call when it cancels the token, at the deadline.</summary>
    private static async Task<Envelope> WaitForDeadlineAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        throw new OperationCanceledException(cancellationToken);
    }

    private static ClamatorTransportException NoResponders(string service) =>
        new(ClamatorTransportErrorKind.NoResponders, $"No loopback server serves '{service}'.");
}
