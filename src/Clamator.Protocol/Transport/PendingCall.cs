using System.Threading.Tasks.Sources;

namespace Clamator.Transport;

/// <summary>
/// One call waiting for its reply, registered in a <see cref="PendingCalls{TCall}"/> before its request is sent. It
/// ends once — with its reply, with a failure, or abandoned when its token is cancelled — and leaves its registry as
/// it ends. It is its own awaitable (<see cref="Reply"/>), so a call costs one object; a transport that keeps more per
/// call (where its request went, what to send again) derives from it rather than allocating a second object.
/// </summary>
public class PendingCall : IValueTaskSource<Envelope>
{
    private ManualResetValueTaskSourceCore<Envelope> _reply = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _abandonment;
    private IPendingCallRegistry? _registry;
    private int _ended;

    /// <summary>Creates the call; it waits once added to a <see cref="PendingCalls{TCall}"/>.</summary>
    /// <param name="id">The request id's string form (<see cref="OutgoingCall.Id"/>), which its reply carries back.</param>
    public PendingCall(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        Id = id;
    }

    /// <summary>The request id's string form, by which its reply finds it.</summary>
    public string Id { get; }

    /// <summary>Cancelled when the caller gives up (the core's deadline, or the caller's token): stop working for it.</summary>
    public CancellationToken Abandoned { get; private set; }

    /// <summary>Whether the call has ended (answered, failed or abandoned).</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>The reply, for the core to await once (what <see cref="IClientTransport.SendAsync"/> returns).</summary>
    public ValueTask<Envelope> Reply => new(this, _reply.Version);

    /// <summary>Ends the call with its reply; false when it already ended.</summary>
    public bool TryComplete(in Envelope reply) => End(reply, null);

    /// <summary>Ends the call with <paramref name="error"/>; false when it already ended.</summary>
    public bool TryFail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return End(default, error);
    }

    Envelope IValueTaskSource<Envelope>.GetResult(short token) => _reply.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<Envelope>.GetStatus(short token) => _reply.GetStatus(token);

    void IValueTaskSource<Envelope>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reply.OnCompleted(continuation, state, token, flags);

    /// <summary>Joins <paramref name="registry"/> and abandons the call when <paramref name="abandon"/> is cancelled (at once if it already is).</summary>
    internal void Wait(IPendingCallRegistry registry, CancellationToken abandon)
    {
        _registry = registry;
        Abandoned = abandon;
        _abandonment = abandon.UnsafeRegister(static (call, cancelled) => ((PendingCall)call!).End(default, new OperationCanceledException(cancelled)), this);
    }

    private bool End(in Envelope reply, Exception? error)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        _registry?.Forget(this);
        _abandonment.Unregister();
        if (error is null)
        {
            _reply.SetResult(reply);
        }
        else
        {
            _reply.SetException(error);
        }

        return true;
    }
}
