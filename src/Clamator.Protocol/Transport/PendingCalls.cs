using System.Collections.Concurrent;

namespace Clamator.Transport;

/// <summary>
/// Calls waiting for their reply, by id: the bookkeeping every client transport needs. A call is
/// registered before its request is sent, so a reply can never arrive unclaimed; cancellation and
/// send failures end it; <see cref="FailAll"/> ends every call at stop.
/// </summary>
public sealed class PendingCalls
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Envelope>> _calls = new(StringComparer.Ordinal);

    /// <summary>The number of calls waiting now.</summary>
    public int Count => _calls.Count;

    /// <summary>
    /// Registers call <paramref name="id"/>, runs <paramref name="send"/>, and completes with the reply given
    /// to <see cref="TryComplete"/>. A failed send fails the call (as <see cref="ClamatorTransportException"/>
    /// unless it already is a Clamator exception); cancelling the token abandons it.
    /// </summary>
    public async Task<Envelope> SendAndWaitAsync<TState>(string id, TState state, Func<TState, Task> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(send);
        var reply = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_calls.TryAdd(id, reply))
        {
            throw new InvalidOperationException($"A call with id '{id}' is already pending.");
        }

        try
        {
            using CancellationTokenRegistration registration = cancellationToken.UnsafeRegister(
                static (tcs, token) => ((TaskCompletionSource<Envelope>)tcs!).TrySetCanceled(token), reply);
            Task sent;
            try
            {
                sent = send(state);
            }
            catch (Exception ex)
            {
                sent = Task.FromException(ex);
            }

            if (!sent.IsCompletedSuccessfully)
            {
                _ = FailOnErrorAsync(sent, reply);
            }

            return await reply.Task.ConfigureAwait(false);
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    /// <summary>Completes the call with this id with its parsed reply; false when no such call waits (late or duplicate replies).</summary>
    public bool TryComplete(string id, Envelope reply) =>
        _calls.TryRemove(id, out TaskCompletionSource<Envelope>? pending) && pending.TrySetResult(reply);

    /// <summary>Fails the call with this id (one that can no longer be answered); false when no such call waits.</summary>
    public bool TryFail(string id, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return _calls.TryRemove(id, out TaskCompletionSource<Envelope>? pending) && pending.TrySetException(error);
    }

    /// <summary>Whether a call with this id is waiting.</summary>
    public bool IsPending(string id) => _calls.ContainsKey(id);

    /// <summary>Fails every waiting call with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        foreach (TaskCompletionSource<Envelope> pending in _calls.Values)
        {
            pending.TrySetException(error);
        }
    }

    private static async Task FailOnErrorAsync(Task sent, TaskCompletionSource<Envelope> reply)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            reply.TrySetException(ex is ClamatorTransportException or ClamatorProtocolException
                ? ex
                : new ClamatorTransportException(ClamatorTransportErrorKind.ConnectionFailed, $"Sending the request failed: {ex.Message}", ex));
        }
    }
}
