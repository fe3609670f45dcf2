using System.Collections.Concurrent;

namespace Clamator.OverMemory;

/// <summary>Calls dispatchers bound on a <see cref="MemoryBus"/> directly, tracking pending calls so stop can fail them.</summary>
internal sealed class MemoryClientTransport(MemoryBus bus) : IClientTransport
{
    private const int Created = 0, Running = 1, Stopped = 2;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReadOnlyMemory<byte>>> _pending = new(StringComparer.Ordinal);
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
        foreach (TaskCompletionSource<ReadOnlyMemory<byte>> pending in _pending.Values)
        {
            pending.TrySetException(new ClamatorTransportException(ClamatorTransportException.StoppedMessage));
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    public async Task<ReadOnlyMemory<byte>> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
    {
        ThrowIfNotRunning();
        IRpcDispatcher? dispatcher = bus.Find(call.Service);
        if (dispatcher is null)
        {
            return EnvelopeWriter.Error(new RpcId(call.Id), RpcErrorCodes.MethodNotFound, "Method not found");
        }

        var reply = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(call.Id, reply))
        {
            throw new InvalidOperationException($"A call with id '{call.Id}' is already pending.");
        }

        try
        {
            if (Volatile.Read(ref _state) != Running)
            {
                throw new ClamatorTransportException(ClamatorTransportException.StoppedMessage);
            }

            _ = DeliverAsync(dispatcher, call, reply);
            using (cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource<ReadOnlyMemory<byte>>)state!).TrySetCanceled(token), reply))
            {
                return await reply.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            _pending.TryRemove(call.Id, out _);
        }
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

    private static async Task DeliverAsync(IRpcDispatcher dispatcher, OutgoingCall call, TaskCompletionSource<ReadOnlyMemory<byte>> reply)
    {
        try
        {
            byte[]? response = await dispatcher.DispatchAsync(call.Service, call.Envelope, CancellationToken.None).ConfigureAwait(false);
            if (response is null)
            {
                reply.TrySetException(new ClamatorProtocolException("The server produced no response to a request."));
            }
            else
            {
                reply.TrySetResult(response);
            }
        }
        catch (Exception ex)
        {
            reply.TrySetException(ex as ClamatorTransportException ?? new ClamatorTransportException("in-memory delivery failed", ex));
        }
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
