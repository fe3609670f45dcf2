using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// One call waiting for its reply over Redis: the <see cref="PendingCall"/> the core awaits, plus where its request
/// went (the command stream and, once Redis answered the <c>XADD</c>, the entry id) and the request's <c>XADD</c>
/// arguments (kept for its whole life, so that a request Redis loses can be sent again). A single object per call
/// (its own awaitable, its own continuation), since every call pays for it.
/// </summary>
internal sealed class WaitingCall : PendingCall
{
    private Task<RedisResult>? _adding;
    private Action<WaitingCall, Task<RedisResult>>? _whenAdded;
    private RedisValue _entryId;

    // 1 once Redis has the request (_entryId written before it, so whoever reads 1 reads the id whole); 0 while it is
    // being sent. _entryId is written only while this is 0, by the one XADD in flight; only the lost-call audit (one
    // at a time) sets it back to 0, to send the request again.
    private int _accepted;

    public WaitingCall(string callId, RedisKey stream)
        : base(callId) => Stream = stream;

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

    private void OnAdded()
    {
        Task<RedisResult> adding = _adding!;
        Action<WaitingCall, Task<RedisResult>> then = _whenAdded!;
        _adding = null;
        _whenAdded = null;
        then(this, adding);
    }
}
