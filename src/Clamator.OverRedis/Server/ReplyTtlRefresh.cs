using System.Collections.Concurrent;

namespace Clamator.OverRedis;

/// <summary>
/// When a reply stream's TTL is slid forward (<c>EXPIRE … GT</c>, docs/protocol.md §6.5): at most once per stream
/// every TTL/4, instead of with every reply, since at many calls per second that one command is a third of what a
/// reply costs Redis. While replies flow a stream's TTL thus never falls below ¾ of <c>ReplyStreamTtl</c>. (The
/// <c>EXPIRE … NX</c> that gives a new stream its TTL still goes with every reply: a stream deleted and created again
/// by a late reply must not live without one.) Streams not refreshed for a TTL are forgotten, so this stays as
/// small as the set of clients being answered.
/// </summary>
internal sealed class ReplyTtlRefresh(TimeSpan ttl, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, long> _slidAt = new(StringComparer.Ordinal);
    private readonly long _period = (long)Math.Max(1, ttl.TotalSeconds / 4 * timeProvider.TimestampFrequency);
    private long _nextSweep = timeProvider.GetTimestamp();

    /// <summary>Whether the TTL of <paramref name="replyTo"/> is due to slide now; if so, it counts as slid from now.</summary>
    public bool IsDue(string replyTo)
    {
        long now = timeProvider.GetTimestamp();
        if (_slidAt.TryGetValue(replyTo, out long last) && now - last < _period)
        {
            return false;
        }

        _slidAt[replyTo] = now;
        long sweep = Volatile.Read(ref _nextSweep);
        if (now - sweep >= 0 && Interlocked.CompareExchange(ref _nextSweep, now + (4 * _period), sweep) == sweep)
        {
            // Once a TTL: forget the streams not slid for one (their clients are gone or idle).
            foreach (KeyValuePair<string, long> stream in _slidAt)
            {
                if (now - stream.Value > 4 * _period)
                {
                    _slidAt.TryRemove(stream);
                }
            }
        }

        return true;
    }
}
