using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// The entries this worker holds: from the moment one is taken (read or reclaimed) until it is acknowledged or
/// deliberately left pending. A held entry is never taken twice here (a re-read or reclaim of it is skipped) and
/// its idle time is kept fresh, so no worker mistakes a queued, slow or not-yet-acknowledged entry for a
/// crashed worker's.
/// </summary>
internal sealed class HeldEntries
{
    private readonly ConcurrentDictionary<RedisValue, byte> _ids = new();

    public int Count => _ids.Count;

    public bool IsEmpty => _ids.IsEmpty;

    public bool TryHold(RedisValue id) => _ids.TryAdd(id, 0);

    public bool IsHeld(RedisValue id) => _ids.ContainsKey(id);

    public void Release(RedisValue id) => _ids.TryRemove(id, out _);

    public RedisValue[] Snapshot() => [.. _ids.Keys];
}
