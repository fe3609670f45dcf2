using System.Collections;
using System.Collections.Concurrent;

namespace Clamator.Transport;

/// <summary>
/// The calls of one client transport waiting for their replies, by id: the correlation every client transport needs.
/// A call is added before its request is sent, so a reply can never arrive unclaimed, and leaves as it ends. At stop
/// <see cref="Close"/> fails every waiting call, and any call added later, with <see cref="ClamatorTransportErrorKind.Stopped"/>.
/// </summary>
/// <typeparam name="TCall">The transport's call: <see cref="PendingCall"/>, or a type derived from it that keeps more per call.</typeparam>
public sealed class PendingCalls<TCall> : IPendingCallRegistry, IEnumerable<TCall>
    where TCall : PendingCall
{
    private readonly ConcurrentDictionary<string, TCall> _calls = new(StringComparer.Ordinal);
    private int _closed;

    /// <summary>The number of calls waiting now.</summary>
    public int Count => _calls.Count;

    /// <summary>Whether <see cref="Close"/> has run: the transport is stopping and sends nothing more.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// Adds <paramref name="call"/>, which is abandoned (ends with <see cref="OperationCanceledException"/>) when
    /// <paramref name="abandon"/> is cancelled. Send its request unless it has ended already (its token was cancelled,
    /// or the transport is stopping), then return its <see cref="PendingCall.Reply"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A call with this id is already waiting.</exception>
    public TCall Add(TCall call, CancellationToken abandon)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!_calls.TryAdd(call.Id, call))
        {
            throw new InvalidOperationException($"A call with id '{call.Id}' is already pending.");
        }

        call.Wait(this, abandon);

        // After the add (a full fence): either Close sees this call, or this sees Close.
        if (IsClosed)
        {
            call.TryFail(ClientLifecycle.StoppedError());
        }

        return call;
    }

    /// <summary>Ends the call <paramref name="reply"/> answers (by its id); false when none waits for it (a late or duplicate reply).</summary>
    public bool TryComplete(in Envelope reply) =>
        reply.Id is { } id && _calls.TryGetValue(id.ToString(), out TCall? call) && call.TryComplete(reply);

    /// <summary>Fails every waiting call, and every call added from now on, with <see cref="ClamatorTransportErrorKind.Stopped"/>.</summary>
    public void Close()
    {
        Interlocked.Exchange(ref _closed, 1);
        ClamatorTransportException stopped = ClientLifecycle.StoppedError();
        foreach (TCall call in this)
        {
            call.TryFail(stopped);
        }
    }

    /// <summary>The calls waiting now (a live view: calls added or ended meanwhile may or may not appear).</summary>
    public IEnumerator<TCall> GetEnumerator()
    {
        foreach (KeyValuePair<string, TCall> entry in _calls)
        {
            yield return entry.Value;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void IPendingCallRegistry.Forget(PendingCall call) => _calls.TryRemove(new KeyValuePair<string, TCall>(call.Id, (TCall)call));
}
