using System.Collections.Concurrent;
using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// The calls of one client waiting for their replies, by call id. A call is registered before its request is sent,
/// so a reply can never arrive unclaimed; it leaves when it ends, whichever way.
/// </summary>
internal sealed class WaitingCalls
{
    private readonly ConcurrentDictionary<string, WaitingCall> _calls = new(StringComparer.Ordinal);

    /// <summary>The number of calls waiting now.</summary>
    public int Count => _calls.Count;

    /// <summary>Registers call <paramref name="callId"/>, whose request goes to <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidOperationException">A call with this id is already waiting.</exception>
    public WaitingCall Add(string callId, RedisKey stream)
    {
        var call = new WaitingCall(this, callId, stream);
        if (!_calls.TryAdd(callId, call))
        {
            throw new InvalidOperationException($"A call with id '{callId}' is already pending.");
        }

        return call;
    }

    /// <summary>Ends the call the reply is for; false when none waits for it (a late or duplicate reply).</summary>
    public bool TryComplete(in Envelope reply) =>
        reply.Id is { } id && _calls.TryGetValue(id.ToString(), out WaitingCall? call) && call.TryComplete(reply);

    /// <summary>Whether a call with this id is waiting.</summary>
    public bool IsWaiting(string callId) => _calls.ContainsKey(callId);

    /// <summary>The calls whose requests Redis has accepted.</summary>
    public List<WaitingCall> Accepted() => [.. _calls.Values.Where(c => c.IsAccepted)];

    /// <summary>Fails every waiting call with <paramref name="error"/>.</summary>
    public void FailAll(Exception error)
    {
        foreach (WaitingCall call in _calls.Values)
        {
            call.TryFail(error);
        }
    }

    /// <summary>The command streams the waiting calls' requests went to.</summary>
    public HashSet<RedisKey> Streams()
    {
        var streams = new HashSet<RedisKey>();
        foreach (WaitingCall call in _calls.Values)
        {
            streams.Add(call.Stream);
        }

        return streams;
    }

    /// <summary>Fails every call waiting on <paramref name="stream"/> with <paramref name="error"/>; how many it failed.</summary>
    public int FailWhere(RedisKey stream, Exception error)
    {
        int failed = 0;
        foreach (WaitingCall call in _calls.Values)
        {
            if (call.Stream == stream && call.TryFail(error))
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary>Removes a call that has ended.</summary>
    internal void Forget(WaitingCall call) => _calls.TryRemove(new KeyValuePair<string, WaitingCall>(call.CallId, call));
}
