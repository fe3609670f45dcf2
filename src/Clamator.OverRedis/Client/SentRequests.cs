using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Where the request of each waiting call went: its command stream and, once Redis has answered the XADD, its entry id.</summary>
internal sealed class SentRequests
{
    private readonly ConcurrentDictionary<string, SentRequest> _byCall = new(StringComparer.Ordinal);

    public SentRequest Add(string callId, RedisKey stream)
    {
        var sent = new SentRequest(callId, stream);
        _byCall[callId] = sent;
        return sent;
    }

    public void Remove(string callId) => _byCall.TryRemove(callId, out _);

    /// <summary>The requests Redis has accepted, for calls still waiting.</summary>
    public List<SentRequest> Accepted() => [.. _byCall.Values.Where(s => s.EntryId is not null)];
}

/// <summary>One call's request: the stream it was added to and the id Redis gave it.</summary>
internal sealed class SentRequest(string callId, RedisKey stream)
{
    public string CallId { get; } = callId;

    public RedisKey Stream { get; } = stream;

    private string? _entryId;

    /// <summary>Set once the XADD succeeded; <see langword="null"/> until then. (A string, so another thread never reads half of it.)</summary>
    public string? EntryId
    {
        get => Volatile.Read(ref _entryId);
        set => Volatile.Write(ref _entryId, value);
    }
}
