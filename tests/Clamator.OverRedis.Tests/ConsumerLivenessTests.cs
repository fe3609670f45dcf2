using System.Text;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The liveness rule of docs/protocol.md §7.8, branch by branch, without Redis.</summary>
public sealed class ConsumerLivenessTests
{
    private const long Now = 1_800_000_000_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public void Missing_group_has_no_responders_and_says_so()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, null, [], Limit);

        Assert.False(liveness.GroupExists);
        Assert.False(liveness.HasPossibleResponders);
        Assert.Equal("no consumer group on app:cmds:arith (no server has started for it)", liveness.Describe("app:cmds:arith"));
    }

    [Fact]
    public void Missing_group_with_a_live_record_has_a_responder_since_that_server_recreates_the_group()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, null, [Record("a", beatAgo: 1000)], Limit);

        Assert.True(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Consumer_with_a_fresh_record_is_live()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [Consumer("a", idleMs: 999_999, inactiveMs: 999_999)], [Record("a", beatAgo: 5000)], Limit);

        ConsumerLivenessEntry entry = Assert.Single(liveness.Consumers);
        Assert.Equal(ConsumerState.Live, entry.State);
        Assert.Equal("live", entry.StateWord);
        Assert.NotNull(entry.Group);
        Assert.True(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Record_at_exactly_its_timeout_is_still_live_and_one_ms_later_gone()
    {
        Assert.True(ConsumerLiveness.Judge(Now, [Consumer("a")], [Record("a", beatAgo: 15_000)], Limit).HasPossibleResponders);

        ServiceLiveness later = ConsumerLiveness.Judge(Now, [Consumer("a")], [Record("a", beatAgo: 15_001)], Limit);
        Assert.Equal(ConsumerState.Gone, Assert.Single(later.Consumers).State);
        Assert.False(later.HasPossibleResponders);
    }

    [Fact]
    public void Consumer_with_a_stale_record_is_gone_even_with_pending_entries()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(
            Now, [Consumer("a", pending: 3), Consumer("b")], [Record("a", beatAgo: 20_100), Record("b", beatAgo: 30_000)], Limit);

        Assert.All(liveness.Consumers, c => Assert.Equal(ConsumerState.Gone, c.State));
        Assert.False(liveness.HasPossibleResponders);
        Assert.Equal("2 consumers, all gone (last heartbeat 20.1 s ago)", liveness.Describe("app:cmds:arith"));
    }

    [Fact]
    public void Stopped_record_is_gone_at_once()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [Consumer("a", pending: 1)], [Record("a", beatAgo: 10) with { Stopped = true }], Limit);

        Assert.Equal(ConsumerState.Gone, Assert.Single(liveness.Consumers).State);
        Assert.False(liveness.HasPossibleResponders);
        Assert.Equal("1 consumer, all gone (last heartbeat 0.0 s ago, stopped)", liveness.Describe("app:cmds:arith"));
    }

    [Fact]
    public void Fresh_record_whose_consumer_is_not_in_the_group_yet_is_a_live_responder()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [], [Record("a", beatAgo: 0)], Limit);

        ConsumerLivenessEntry entry = Assert.Single(liveness.Consumers);
        Assert.Equal(ConsumerState.Live, entry.State);
        Assert.Null(entry.Group);
        Assert.True(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Group_with_only_gone_records_and_no_consumer_has_no_responders()
    {
        // What a graceful stop of the last server leaves: its consumer deleted, its record marked stopped.
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [], [Record("a", beatAgo: 300) with { Stopped = true }], Limit);

        Assert.False(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Group_with_neither_consumers_nor_records_may_have_a_reader_Redis_does_not_list_yet()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [], [], Limit);

        Assert.True(liveness.UnlistedReaderPossible);
        Assert.True(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Unknown_consumer_on_Redis_before_7_2_always_counts_however_idle()
    {
        // Redis 7.0: no `inactive` field, and a live blocking reader's idle time grows without bound.
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [Consumer("ts", idleMs: 86_400_000, inactiveMs: null)], [], Limit);

        ConsumerLivenessEntry entry = Assert.Single(liveness.Consumers);
        Assert.Equal(ConsumerState.Unknown, entry.State);
        Assert.True(entry.PossibleResponder);
        Assert.True(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Busy_unknown_consumer_with_pending_entries_counts_however_idle_on_Redis_7_2()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [Consumer("ts", pending: 1, idleMs: 600_000, inactiveMs: 600_000)], [], Limit);

        Assert.True(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Unknown_consumer_on_Redis_7_2_counts_while_its_idle_time_is_within_the_limit()
    {
        // From 7.2, idle is renewed by every attempted read; inactive (last successful read) may be far older.
        Assert.True(ConsumerLiveness.Judge(Now, [Consumer("ts", idleMs: 15_000, inactiveMs: 3_600_000)], [], Limit).HasPossibleResponders);
    }

    [Fact]
    public void Idle_unknown_consumer_on_Redis_7_2_with_nothing_pending_is_no_responder()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [Consumer("ts", idleMs: 15_001, inactiveMs: 15_001)], [], Limit);

        Assert.False(Assert.Single(liveness.Consumers).PossibleResponder);
        Assert.False(liveness.HasPossibleResponders);
    }

    [Fact]
    public void Mixed_pool_with_a_gone_server_and_an_unknown_peer_on_Redis_7_0_has_a_responder()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, [Consumer("a"), Consumer("ts", idleMs: 100_000)], [Record("a", beatAgo: 60_000)], Limit);

        Assert.Equal([ConsumerState.Gone, ConsumerState.Unknown], liveness.Consumers.Select(c => c.State));
        Assert.True(liveness.HasPossibleResponders);
        Assert.Equal(0, liveness.Live);
    }

    [Fact]
    public void Gone_servers_beside_an_idle_peer_without_heartbeat_on_Redis_7_2_are_described_one_line()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(
            Now, [Consumer("a"), Consumer("ts", idleMs: 40_200, inactiveMs: 40_200)], [Record("a", beatAgo: 20_100)], Limit);

        Assert.False(liveness.HasPossibleResponders);
        Assert.Equal("2 consumers: 1 gone (last heartbeat 20.1 s ago), 1 without heartbeat idle 40.2 s or more", liveness.Describe("app:cmds:arith"));
    }

    [Fact]
    public void Missing_group_with_only_gone_records_has_no_responders()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(Now, null, [Record("a", beatAgo: 60_000)], Limit);

        Assert.False(liveness.HasPossibleResponders);
        Assert.StartsWith("no consumer group on", liveness.Describe("app:cmds:arith"), StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_of_two_records_for_one_consumer_decides()
    {
        ServiceLiveness liveness = ConsumerLiveness.Judge(
            Now, [Consumer("a")], [Record("a", beatAgo: 60_000), Record("a", beatAgo: 100) with { Instance = "a2" }], Limit);

        Assert.Equal(ConsumerState.Live, Assert.Single(liveness.Consumers).State);
    }

    [Fact]
    public void Record_round_trips_through_its_json()
    {
        PresenceRecord record = Record("a", beatAgo: 0) with
        {
            Host = "h1",
            Pid = 42,
            Version = "1.2.3",
            StartedAt = Now - 1000,
            Running = 2,
            Handled = 10,
            Failed = 1
        };

        byte[] json = record.ToJson();

        Assert.Equal(record, PresenceRecord.TryParse("arith", "a", json));
        Assert.StartsWith("""{"instance":"a","consumer":"arith:a","host":"h1","pid":42,""", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Record_with_unknown_members_is_read_ignoring_them()
    {
        PresenceRecord? record = Parse("""{"lang":"python","beatAt":1,"extra":{"a":[1,{"b":2}]},"goneAfterMs":15000,"queue":[1,2]}""");

        Assert.NotNull(record);
        Assert.Equal(1, record.BeatAt);
        Assert.Equal("arith:i1", record.Consumer);
        Assert.Equal("i1", record.Instance);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"beatAt\":1}")]
    [InlineData("{\"goneAfterMs\":15000}")]
    [InlineData("{\"beatAt\":\"1\",\"goneAfterMs\":15000}")]
    [InlineData("{\"beatAt\":1,\"goneAfterMs\":0}")]
    [InlineData("{\"beatAt\":1,\"goneAfterMs\":15000")]
    [InlineData("{\"beatAt\":1,\"goneAfterMs\":15000}}")]
    public void Malformed_record_reads_as_absent_without_throwing(string json)
    {
        Assert.Null(Parse(json));
    }

    private static PresenceRecord? Parse(string json) => PresenceRecord.TryParse("arith", "i1", Encoding.UTF8.GetBytes(json));

    private static ConsumerStatus Consumer(string instance, long pending = 0, long idleMs = 1000, long? inactiveMs = null) => new()
    {
        Name = "arith:" + instance,
        Pending = pending,
        Idle = TimeSpan.FromMilliseconds(idleMs),
        Inactive = inactiveMs is { } i ? TimeSpan.FromMilliseconds(i) : null,
    };

    private static PresenceRecord Record(string instance, long beatAgo) => new()
    {
        Instance = instance,
        Consumer = "arith:" + instance,
        BeatAt = Now - beatAgo,
        GoneAfterMs = 15_000,
    };
}
