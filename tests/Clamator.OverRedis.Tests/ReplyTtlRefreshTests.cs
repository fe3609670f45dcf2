using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>A reply stream's TTL slides (<c>EXPIRE … GT</c>) at most once every TTL/4, not with every reply.</summary>
public sealed class ReplyTtlRefreshTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_streams_ttl_slides_with_its_first_reply_then_once_per_quarter_ttl()
    {
        var clock = new SteppedClock();
        var refresh = new ReplyTtlRefresh(Ttl, clock);

        Assert.True(refresh.IsDue("p:replies:a"));
        Assert.False(refresh.IsDue("p:replies:a"));
        Assert.True(refresh.IsDue("p:replies:b"));

        clock.Advance(Ttl / 4 - TimeSpan.FromSeconds(1));
        Assert.False(refresh.IsDue("p:replies:a"));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(refresh.IsDue("p:replies:a"));
        Assert.False(refresh.IsDue("p:replies:a"));
    }

    [Fact]
    public void A_stream_not_answered_for_a_ttl_is_slid_again_with_its_next_reply()
    {
        var clock = new SteppedClock();
        var refresh = new ReplyTtlRefresh(Ttl, clock);
        Assert.True(refresh.IsDue("p:replies:gone"));

        // Another stream's reply a TTL later sweeps the forgotten one; it comes back as new.
        clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        Assert.True(refresh.IsDue("p:replies:other"));
        Assert.True(refresh.IsDue("p:replies:gone"));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _timestamp = 1_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _timestamp;

        public void Advance(TimeSpan by) => _timestamp += by.Ticks;
    }
}
