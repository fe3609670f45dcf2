using System.Text.Json;
using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The admin API on a live deployment with a pending entry, a dead letter and a gone consumer made on purpose.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAdminTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TestHosts _hosts = new(redis.Url, "adm");
    private RawPeer _peer = null!;
    private RedisAdmin _admin = null!;

    private string Prefix => _hosts.Prefix;

    public async Task InitializeAsync()
    {
        _peer = await RawPeer.CreateAsync(redis, Prefix);
        _admin = await RedisAdmin.ConnectAsync(redis.Url, Prefix);
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();
        await _admin.DisposeAsync();
        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task Inspect_reports_the_stream_group_consumers_oldest_pending_dead_letters_and_reply_streams()
    {
        SeededDeployment seeded = await StartSeededAsync();
        RedisRpcClient client = await _hosts.StartClientAsync();
        Assert.Equal(5, (await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 })).Sum);

        // Its acknowledgement follows the reply (batched): until it lands, the call's entry is pending too.
        await Eventually.UntilAsync(async () => (await redis.Db.StreamPendingAsync(seeded.CommandKey, "arith")).PendingMessageCount == 1, Guard);

        DeploymentStatus status = await _admin.InspectAsync();

        Assert.Equal(Prefix, status.Prefix);
        ServiceStatus arith = Assert.Single(status.Services);
        Assert.Equal("arith", arith.Service);
        Assert.Equal(seeded.CommandKey, arith.CommandStream);
        Assert.True(arith.StreamExists);
        Assert.Equal(3, arith.EntriesAdded);
        Assert.Equal((string)seeded.HeldId!, arith.FirstEntryId);
        Assert.Equal(1, arith.DeadLetters);
        Assert.Equal(seeded.DeadKey, arith.DeadLetterStream);
        ConsumerGroupStatus group = Assert.IsType<ConsumerGroupStatus>(arith.Group);
        Assert.Equal("arith", group.Name);
        Assert.Equal(0, group.Lag);
        Assert.Equal(3, group.EntriesRead);
        Assert.Equal(arith.LastGeneratedId, group.LastDeliveredId);
        Assert.Equal(1, group.Pending);
        PendingEntryStatus oldest = Assert.IsType<PendingEntryStatus>(group.OldestPending);
        Assert.Equal((string)seeded.HeldId!, oldest.Id);
        Assert.Equal("arith:crashed", oldest.Consumer);
        Assert.Equal(1, oldest.Deliveries);
        Assert.True(oldest.Age >= oldest.Idle);
        Assert.Equal(["arith:crashed", "arith:gone", "arith:live"], group.Consumers.Select(c => c.Name));
        Assert.Equal([1L, 0L, 0L], group.Consumers.Select(c => c.Pending));

        // The client's own stream, and the peer's, to which the server answered the poison request with a TTL.
        Assert.Equal([client.ReplyStreamKey, _peer.ReplyKey], status.Replies.Streams.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.All(status.Replies.Streams, s => Assert.NotNull(s.TimeToLive));
        Assert.Empty(status.Replies.WithoutTtl);
        Assert.Equal(2, status.Replies.TotalLength);
        Assert.Equal("peer", status.Replies.Streams.Single(s => s.Key == _peer.ReplyKey).InstanceId);
    }

    [Fact]
    public async Task Dead_letter_is_listed_shown_and_replayed_to_the_caller_waiting_on_its_reply_stream()
    {
        SeededDeployment seeded = await StartSeededAsync();
        StreamEntry limit = Assert.Single(await _peer.ReadAsync(_peer.ReplyKey));
        Assert.Contains("DeliveryLimitExceeded", (string)limit["envelope"]!, StringComparison.Ordinal);

        DeadLetter listed = Assert.Single(await _admin.ListDeadLettersAsync("arith"));
        DeadLetter shown = Assert.IsType<DeadLetter>(await _admin.GetDeadLetterAsync("arith", listed.Id));
        Assert.Equal(listed, shown with { Fields = listed.Fields });
        Assert.Equal("max-deliveries", shown.Reason);
        Assert.Equal(6, shown.Deliveries);
        Assert.Equal((string)seeded.PoisonId!, shown.EntryId);
        Assert.Equal(SeededDeployment.PoisonRequest, shown.Envelope);
        Assert.Equal("arith.add", shown.Method);
        Assert.Equal("poison", shown.RequestId);
        Assert.Equal(_peer.ReplyKey, shown.ReplyTo);
        Assert.Null(shown.Error);
        Assert.Equal(["type", "envelope", "reply-to", "reason", "deliveries", "entry-id"], shown.Fields.Select(f => f.Key));

        DeadLetterReplay replay = Assert.IsType<DeadLetterReplay>(await _admin.ReplayDeadLetterAsync("arith", shown.Id));

        Assert.False(replay.DeadlineDropped);
        StreamEntry answer = Assert.Single(await _peer.ReadAsync(_peer.ReplyKey, limit.Id!));
        using JsonDocument reply = JsonDocument.Parse((string)answer["envelope"]!);
        Assert.Equal("poison", reply.RootElement.GetProperty("id").GetString());
        Assert.Equal(42, reply.RootElement.GetProperty("result").GetProperty("sum").GetDouble());
        Assert.Empty(await _admin.ListDeadLettersAsync("arith"));
        StreamEntry replayed = Assert.Single(await redis.Db.StreamRangeAsync(seeded.CommandKey, replay.EntryId, replay.EntryId));
        Assert.Equal(["type", "envelope", "reply-to"], replayed.Values.Select(v => (string)v.Name!));
        Assert.Null(await _admin.ReplayDeadLetterAsync("arith", shown.Id));
    }

    [Fact]
    public async Task Replay_leaves_out_a_deadline_that_has_passed_and_keeps_one_still_ahead()
    {
        string dead = $"{Prefix}:dead:arith";
        long past = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
        long ahead = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        RedisValue expired = await AddDeadLetterAsync(dead, "late", past);
        RedisValue fresh = await AddDeadLetterAsync(dead, "early", ahead);

        IReadOnlyList<DeadLetterReplay> replays = await _admin.ReplayAllDeadLettersAsync("arith");

        Assert.Equal([(string)expired!, (string)fresh!], replays.Select(r => r.DeadLetterId));
        Assert.Equal([true, false], replays.Select(r => r.DeadlineDropped));
        StreamEntry[] entries = await redis.Db.StreamRangeAsync($"{Prefix}:cmds:arith");
        Assert.Equal(["type", "envelope", "reply-to", "traceparent"], entries[0].Values.Select(v => (string)v.Name!));
        Assert.Equal(["type", "envelope", "reply-to", "deadline", "traceparent"], entries[1].Values.Select(v => (string)v.Name!));
        Assert.Equal(ahead, (long)entries[1]["deadline"]);
        Assert.Equal(0, await redis.Db.StreamLengthAsync(dead));
    }

    [Fact]
    public async Task Purge_deletes_one_dead_letter_or_all_of_them()
    {
        string dead = $"{Prefix}:dead:arith";
        RedisValue first = await AddDeadLetterAsync(dead, "a", null);
        await AddDeadLetterAsync(dead, "b", null);
        await AddDeadLetterAsync(dead, "c", null);

        Assert.True(await _admin.PurgeDeadLetterAsync("arith", first!));
        Assert.False(await _admin.PurgeDeadLetterAsync("arith", first!));
        Assert.Equal(["b", "c"], (await _admin.ListDeadLettersAsync("arith")).Select(d => d.RequestId));
        Assert.Equal(2, await _admin.PurgeAllDeadLettersAsync("arith"));
        Assert.False(await redis.Db.KeyExistsAsync(dead));
        Assert.Equal(0, await _admin.PurgeAllDeadLettersAsync("arith"));
    }

    [Fact]
    public async Task Prune_removes_idle_consumers_with_nothing_pending_and_never_one_with_pending_entries()
    {
        string key = $"{Prefix}:cmds:arith";
        await _peer.AddRequestAsync("arith", SeededDeployment.HeldRequest);
        await redis.Db.StreamCreateConsumerGroupAsync(key, "arith", "0");
        await redis.Db.StreamReadGroupAsync(key, "arith", "arith:holding", ">", 10);
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", key, "arith", "arith:gone");
        TimeSpan idle = TimeSpan.FromMilliseconds(1);
        await Eventually.UntilAsync(async () => (await redis.Db.StreamConsumerInfoAsync(key, "arith")).All(c => c.IdleTimeInMilliseconds > 1), Guard);

        ConsumerPruneResult pruned = await _admin.PruneConsumersAsync("arith", idle);

        Assert.Equal(["arith:gone"], pruned.Removed.Select(c => c.Name));
        Assert.Equal(["arith:holding"], pruned.KeptWithPending.Select(c => c.Name));
        StreamConsumerInfo holding = Assert.Single(await redis.Db.StreamConsumerInfoAsync(key, "arith"));
        Assert.Equal(1, holding.PendingMessageCount);

        // The script checks again at removal: a consumer holding entries is never removed, whatever the caller thought.
        Assert.False(await ConsumerRemoval.RemoveIfGoneAsync(redis.Db, key, "arith", "arith:holding", 0));
        Assert.Single(await redis.Db.StreamConsumerInfoAsync(key, "arith"));
    }

    [Fact]
    public async Task Reply_stream_gc_deletes_only_streams_without_ttl_whose_newest_entry_is_older_than_the_threshold()
    {
        string withTtl = $"{Prefix}:replies:with-ttl", orphan = $"{Prefix}:replies:orphan", fresh = $"{Prefix}:replies:fresh";
        await redis.Db.StreamAddAsync(withTtl, "type", "rpc", "1-1");
        await redis.Db.KeyExpireAsync(withTtl, TimeSpan.FromMinutes(10));
        await redis.Db.StreamAddAsync(orphan, "type", "rpc", "1-1");
        await redis.Db.StreamAddAsync(fresh, "type", "rpc");

        ReplyStreamCleanup cleanup = await _admin.DeleteOrphanedReplyStreamsAsync(TimeSpan.FromHours(1));

        Assert.Equal(3, cleanup.Examined);
        Assert.Equal([orphan], cleanup.Deleted);
        Assert.True(await redis.Db.KeyExistsAsync(withTtl));
        Assert.True(await redis.Db.KeyExistsAsync(fresh));
        Assert.False(await redis.Db.KeyExistsAsync(orphan));
    }

    [Fact]
    public async Task Nothing_outside_the_prefix_is_read_or_written_even_with_glob_characters_in_it()
    {
        string prefix = "g*[x]?" + Prefix;
        await using RedisAdmin admin = new(redis.Connection, prefix);
        string[] others = [$"{Prefix}:cmds:arith", $"{prefix}x:cmds:arith", $"{prefix}x:dead:arith", $"{prefix}x:replies:c", $"g-[x]-{Prefix}:cmds:arith"];
        foreach (string key in others)
        {
            await redis.Db.StreamAddAsync(key, "type", "rpc", "1-1");
            await redis.Db.StreamCreateConsumerGroupAsync(key, "arith", "0");
        }

        await redis.Db.StreamAddAsync($"{prefix}:dead:kitchen", "envelope", """{"jsonrpc":"2.0","method":"kitchen.reset","params":{}}""");
        await redis.Db.StreamAddAsync($"{prefix}:replies:gone", "type", "rpc", "1-1");
        await redis.Db.StringSetAsync($"{prefix}:cmds:not-a-stream", "x");
        Dictionary<string, byte[]?> before = await DumpAsync(others);

        Assert.Equal(["kitchen"], await admin.ListServicesAsync());
        await admin.InspectAsync();
        Assert.Single(await admin.ReplayAllDeadLettersAsync("kitchen"));
        Assert.Equal(0, await admin.PurgeAllDeadLettersAsync("arith"));
        await admin.PruneConsumersAsync("arith", TimeSpan.FromMilliseconds(1));
        Assert.Equal([$"{prefix}:replies:gone"], (await admin.DeleteOrphanedReplyStreamsAsync(TimeSpan.Zero)).Deleted);

        Assert.Equal(before, await DumpAsync(others));
        Assert.Equal(1, await redis.Db.StreamLengthAsync($"{prefix}:cmds:kitchen"));
    }

    [Fact]
    public async Task Bad_names_ids_and_keys_of_another_type_are_refused_with_the_reason()
    {
        await redis.Db.StringSetAsync($"{Prefix}:cmds:arith", "x");

        Assert.Throws<ArgumentException>(() => new RedisAdmin(redis.Connection, " "));
        await Assert.ThrowsAsync<ArgumentException>(() => _admin.GetServiceAsync("Arith"));
        await Assert.ThrowsAsync<ArgumentException>(() => _admin.GetDeadLetterAsync("arith", "latest"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _admin.PruneConsumersAsync("arith", TimeSpan.Zero));
        var wrongType = await Assert.ThrowsAsync<InvalidOperationException>(() => _admin.GetServiceAsync("arith"));
        Assert.Contains("not a stream", wrongType.Message, StringComparison.Ordinal);
        var unreachable = await Assert.ThrowsAsync<ClamatorTransportException>(() => RedisAdmin.ConnectAsync("redis://127.0.0.1:1", Prefix));
        Assert.Contains("Cannot reach Redis", unreachable.Message, StringComparison.Ordinal);
    }

    private async Task<SeededDeployment> StartSeededAsync()
    {
        SeededDeployment seeded = await SeededDeployment.SeedAsync(_peer);
        await _hosts.StartServerAsync(new ArithService(), new()
        {
            Url = redis.Url, KeyPrefix = Prefix, InstanceId = SeededDeployment.LiveInstance, ConsumerClaimIdle = TimeSpan.FromMinutes(10),
        });
        await seeded.DeadLetteredAsync(redis.Db, Guard);
        return seeded;
    }

    /// <summary>A dead letter as a server writes it, for a request with an id, a reply target, a deadline when given and a trace context.</summary>
    private Task<RedisValue> AddDeadLetterAsync(string dead, string id, long? deadline)
    {
        var fields = new List<NameValueEntry>
        {
            new("type", "rpc"),
            new("envelope", $$"""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"{{id}}"}"""),
            new("reply-to", _peer.ReplyKey),
        };
        if (deadline is { } d)
        {
            fields.Add(new("deadline", d));
        }

        fields.AddRange([new("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), new("reason", "max-deliveries"), new("deliveries", 6),
            new("entry-id", "1-0")]);
        return redis.Db.StreamAddAsync(dead, [.. fields]);
    }

    private async Task<Dictionary<string, byte[]?>> DumpAsync(IEnumerable<string> keys)
    {
        var dumps = new Dictionary<string, byte[]?>();
        foreach (string key in keys)
        {
            dumps[key] = await redis.Db.KeyDumpAsync(key);
        }

        return dumps;
    }
}
