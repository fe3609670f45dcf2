using System.Threading.Tasks.Sources;
using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// One call waiting for its reply: where its request went (the command stream and, once Redis answered the
/// <c>XADD</c>, the entry id), the request's <c>XADD</c> arguments (kept for its whole life, so that a request Redis
/// loses can be sent again) and the result the core awaits. It ends once — with its reply, with a failure, or
/// abandoned when the caller's token is cancelled — and leaves its registry as it ends. A single object per call
/// (its own awaitable, its own continuation), since every call pays for it.
/// </summary>
internal sealed class WaitingCall : IValueTaskSource<Envelope>
{
    private readonly WaitingCalls _registry;
    private ManualResetValueTaskSourceCore<Envelope> _reply = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _abandonment;
    private Task<RedisResult>? _adding;
    private Action<WaitingCall, Task<RedisResult>>? _whenAdded;
    private RedisValue _entryId;

    // 1 once Redis has the request (_entryId written before it, so whoever reads 1 reads the id whole); 0 while it is
    // being sent. _entryId is written only while this is 0, by the one XADD in flight; only the lost-call audit (one
    // at a time) sets it back to 0, to send the request again.
    private int _accepted;
    private int _ended;

    public WaitingCall(WaitingCalls registry, string callId, RedisKey stream)
    {
        _registry = registry;
        CallId = callId;
        Stream = stream;
    }

    public string CallId { get; }

    /// <summary>The command stream the request is added to.</summary>
    public RedisKey Stream { get; }

    /// <summary>Whether Redis has the request: the XADD succeeded and <see cref="EntryId"/> is set.</summary>
    public bool IsAccepted => Volatile.Read(ref _accepted) != 0;

    /// <summary>The request's entry id once <see cref="IsAccepted"/>; null until then.</summary>
    public RedisValue EntryId => IsAccepted ? _entryId : RedisValue.Null;

    /// <summary>
    /// The request's XADD arguments (<see cref="RequestEntry"/>), kept for the call's whole life: for a retry until
    /// Redis has the request, and for sending it again (same envelope, id, reply-to and deadline) if Redis loses it.
    /// </summary>
    public object[]? Arguments { get; set; }

    /// <summary>Whether the request was sent again after Redis lost it (<see cref="TryWithdraw"/>).</summary>
    public bool IsResent { get; private set; }

    /// <summary>When the caller stops waiting: retries of the XADD end here.</summary>
    public DateTimeOffset Deadline { get; set; }

    /// <summary>Cancelled when the caller gives up (the core's deadline, or the caller's token).</summary>
    public CancellationToken Abandoned { get; private set; }

    /// <summary>Whether the call has ended (answered, failed or abandoned).</summary>
    public bool HasEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>The reply, for the core to await once.</summary>
    public ValueTask<Envelope> Reply => new(this, _reply.Version);

    /// <summary>
    /// Records the entry id Redis gave the request (once per send: a retry runs only after a failed XADD, a re-send
    /// only after <see cref="TryWithdraw"/>).
    /// </summary>
    public void Accept(RedisValue entryId)
    {
        _entryId = entryId;
        Volatile.Write(ref _accepted, 1); // whoever sees it accepted sees the id whole
    }

    /// <summary>
    /// Takes back the acceptance of a request Redis lost, before it is sent again: the call counts as being sent
    /// until the new XADD's <see cref="Accept"/>. False, and nothing changes, when the call has ended or is not
    /// accepted (its request being sent already).
    /// </summary>
    public bool TryWithdraw()
    {
        if (HasEnded || Interlocked.CompareExchange(ref _accepted, 0, 1) != 1)
        {
            return false;
        }

        IsResent = true; // read by the XADD's continuation, which runs after the XADD this precedes
        return true;
    }

    /// <summary>Abandons the call when <paramref name="token"/> is cancelled (at once if it already is).</summary>
    public void AbandonWhen(CancellationToken token)
    {
        Abandoned = token;
        _abandonment = token.UnsafeRegister(static (call, cancelled) => ((WaitingCall)call!).End(default, new OperationCanceledException(cancelled)), this);
    }

    /// <summary>Runs <paramref name="then"/> with this call once <paramref name="adding"/>, its XADD, has completed.</summary>
    public void WhenAdded(Task<RedisResult> adding, Action<WaitingCall, Task<RedisResult>> then)
    {
        if (adding.IsCompleted)
        {
            then(this, adding);
            return;
        }

        _adding = adding;
        _whenAdded = then;
        adding.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnAdded);
    }

    /// <summary>Ends the call with its reply; false when it already ended.</summary>
    public bool TryComplete(in Envelope reply) => End(reply, null);

    /// <summary>Ends the call with <paramref name="error"/>; false when it already ended.</summary>
    public bool TryFail(Exception error) => End(default, error);

    Envelope IValueTaskSource<Envelope>.GetResult(short token) => _reply.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<Envelope>.GetStatus(short token) => _reply.GetStatus(token);

    void IValueTaskSource<Envelope>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _reply.OnCompleted(continuation, state, token, flags);

    private void OnAdded()
    {
        Task<RedisResult> adding = _adding!;
        Action<WaitingCall, Task<RedisResult>> then = _whenAdded!;
        _adding = null;
        _whenAdded = null;
        then(this, adding);
    }

    private bool End(in Envelope reply, Exception? error)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }

        _registry.Forget(this);
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
