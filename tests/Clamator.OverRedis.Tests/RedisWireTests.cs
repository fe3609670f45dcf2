using System.Text.Json;
using Arith;
using Clamator.OverRedis;
using Clamator.Transport;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Our side of the wire against a foreign peer played with raw Redis commands (docs/protocol.md §5–§7).</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisWireTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly string _prefix = "w" + Guid.NewGuid().ToString("N")[..12];
    private readonly ArithService _arith = new();
    private readonly NotificationsService _notifications = new();
    private RawPeer _peer = null!;
    private RedisRpcServer? _server;

    public async Task InitializeAsync() => _peer = await RawPeer.CreateAsync(redis, _prefix);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task Python_style_request_gets_a_reply_entry_with_exactly_type_and_envelope()
    {
        await StartServerAsync();

        await _peer.AddRequestAsync("arith", """{"jsonrpc": "2.0", "method": "arith.echoText", "params": {"text": "h\u00e9llo \u2713"}, "id": "py-1"}""");

        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Equal(["type", "envelope"], reply.Values.Select(v => (string)v.Name!));
        Assert.Equal("rpc", (string?)reply["type"]);
        Assert.Equal("""{"jsonrpc":"2.0","id":"py-1","result":{"text":"héllo ✓"}}""", (string?)reply["envelope"]);
    }

    [Fact]
    public async Task Integer_id_and_float_numbers_are_accepted_and_the_id_keeps_its_type()
    {
        await StartServerAsync();

        await _peer.AddRequestAsync("arith", """{"jsonrpc": "2.0", "method": "arith.slowAdd", "params": {"a": 5.0, "b": 2.5, "sleepMs": 0.0}, "id": 17}""");

        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Equal("""{"jsonrpc":"2.0","id":17,"result":{"sum":7.5}}""", (string?)reply["envelope"]);
    }

    [Fact]
    public async Task Bad_entries_are_acked_answered_where_correlatable_and_never_stall_the_loop()
    {
        await StartServerAsync();

        await _peer.Db.StreamAddAsync($"{_prefix}:cmds:arith", [new NameValueEntry("type", "rpc"), new NameValueEntry("reply-to", _peer.ReplyKey)]);
        await _peer.AddRequestAsync("arith", "{not json");
        await _peer.AddRequestAsync("arith", """[{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"in-batch"}]""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"1.0","method":"arith.add","params":{"a":1,"b":2},"id":"v1"}""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":true}""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"Arith.add","params":{},"id":"bad-name"}""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"ok"}""");

        List<StreamEntry> replies = await _peer.ReadManyAsync(_peer.ReplyKey, 3);
        Envelope[] envelopes = [.. replies.Select(r => Envelope.Parse((byte[])r["envelope"]!))];
        Assert.Equal(("v1", -32600), (envelopes[0].Id.ToString(), envelopes[0].ErrorCode));
        Assert.Equal(("bad-name", -32600), (envelopes[1].Id.ToString(), envelopes[1].ErrorCode));
        Assert.Equal(("ok", EnvelopeKind.Success), (envelopes[2].Id.ToString(), envelopes[2].Kind));
        Assert.Contains("\"reason\":\"method-name\"", (string?)replies[1]["envelope"], StringComparison.Ordinal);

        await _server!.StopAsync();
        Assert.Equal(0, (await _peer.Db.StreamPendingAsync($"{_prefix}:cmds:arith", "arith")).PendingMessageCount);
        Assert.Equal(3, await _peer.Db.StreamLengthAsync(_peer.ReplyKey));
    }

    [Fact]
    public async Task Oversized_envelope_is_rejected_with_minus_32600()
    {
        await StartServerAsync(o => new RedisRpcServerOptions { Url = o.Url, KeyPrefix = o.KeyPrefix, MaxEnvelopeBytes = 200 });

        await _peer.AddRequestAsync("arith", $$"""{"jsonrpc":"2.0","method":"arith.echoText","params":{"text":"{{new string('x', 300)}}"},"id":"big"}""");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.echoText","params":{"text":"small"},"id":"small"}""");

        List<StreamEntry> replies = await _peer.ReadManyAsync(_peer.ReplyKey, 2);
        Assert.Equal("""{"jsonrpc":"2.0","id":"big","error":{"code":-32600,"message":"Invalid Request","data":{"reason":"too-large"}}}""",
            (string?)replies[0]["envelope"]);
        Assert.Contains("\"small\"", (string?)replies[1]["envelope"], StringComparison.Ordinal);
        Assert.Equal(1, _arith.Handled);
    }

    [Fact]
    public async Task Past_deadline_is_acked_without_running_or_replying()
    {
        await StartServerAsync();
        long past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();

        await _peer.AddRequestAsync(
            "arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"late"}""", "default", new NameValueEntry("deadline", past));
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"on-time"}""");

        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        Assert.Contains("on-time", (string?)reply["envelope"], StringComparison.Ordinal);
        await _server!.StopAsync();
        Assert.Equal(1, _server.DeadlineSkips);
        Assert.Equal(1, _arith.Handled);
        Assert.Equal(0, (await _peer.Db.StreamPendingAsync($"{_prefix}:cmds:arith", "arith")).PendingMessageCount);
    }

    [Fact]
    public async Task Notification_entry_without_reply_to_runs_the_handler_and_writes_nothing()
    {
        await StartServerAsync();
        var pinged = new TaskCompletionSource<PingParams>(TaskCreationOptions.RunContinuationsAsynchronously);
        _notifications.Pinged += p => pinged.TrySetResult(p);

        await _peer.AddRequestAsync("notifications", """{"jsonrpc":"2.0","method":"notifications.ping","params":{"tag":null}}""", replyTo: null);

        Assert.Null((await pinged.Task.WaitAsync(Guard)).Tag);
        Assert.False(await _peer.Db.KeyExistsAsync(_peer.ReplyKey));
    }

    [Fact]
    public async Task Reply_to_outside_the_prefix_is_never_written()
    {
        await StartServerAsync();

        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"x"}""", replyTo: "victim:key");
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"y"}""");

        Assert.Contains("\"y\"", (string?)(await _peer.ReadAsync(_peer.ReplyKey)).Single()["envelope"], StringComparison.Ordinal);
        Assert.False(await _peer.Db.KeyExistsAsync("victim:key"));
    }

    [Fact]
    public async Task Client_request_entry_has_exactly_the_wire_fields_and_a_foreign_reply_completes_it()
    {
        await using var client = await StartClientAsync();
        // Played by the peer: a server before its first read.
        await _peer.Db.ExecuteAsync("XGROUP", "CREATE", $"{_prefix}:cmds:arith", "arith", "$", "MKSTREAM");

        Task<AddResult> call = client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 });
        StreamEntry request = (await _peer.ReadAsync($"{_prefix}:cmds:arith")).Single();

        Assert.Equal(["type", "envelope", "reply-to", "deadline"], request.Values.Select(v => (string)v.Name!));
        Assert.Equal("rpc", (string?)request["type"]);
        Assert.Equal(client.ReplyStreamKey, (string?)request["reply-to"]);
        Assert.StartsWith($"{_prefix}:replies:", client.ReplyStreamKey, StringComparison.Ordinal);
        Assert.True(long.Parse(
            (string)request["deadline"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using JsonDocument envelope = JsonDocument.Parse((string)request["envelope"]!);
        Assert.Equal(["jsonrpc", "method", "params", "id"], envelope.RootElement.EnumerateObject().Select(p => p.Name));
        string id = envelope.RootElement.GetProperty("id").GetString()!;

        // Unknown ids, entries without envelope and bad JSON are skipped; the loop carries on.
        await _peer.Db.StreamAddAsync(
            client.ReplyStreamKey,
            [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", """{"jsonrpc":"2.0","id":"unknown","result":{"sum":1}}""")]);
        await _peer.Db.StreamAddAsync(client.ReplyStreamKey, [new NameValueEntry("type", "rpc")]);
        await _peer.Db.StreamAddAsync(client.ReplyStreamKey, [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", "{oops")]);
        await _peer.Db.StreamAddAsync(
            client.ReplyStreamKey,
            [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", $$$"""{"jsonrpc": "2.0", "id": "{{{id}}}", "result": {"sum": 5.0}}""")]);

        Assert.Equal(5, (await call.WaitAsync(Guard)).Sum);
    }

    [Fact]
    public async Task Client_notification_entry_has_no_reply_to()
    {
        await using var client = await StartClientAsync();
        await _peer.Db.ExecuteAsync("XGROUP", "CREATE", $"{_prefix}:cmds:notifications", "notifications", "$", "MKSTREAM");

        await client.NotifyAsync(NotificationsContract.Ping, new PingParams { Tag = "n" });

        StreamEntry entry = (await _peer.ReadAsync($"{_prefix}:cmds:notifications")).Single();
        Assert.Equal(["type", "envelope"], entry.Values.Select(v => (string)v.Name!));
        Assert.Equal("""{"jsonrpc":"2.0","method":"notifications.ping","params":{"tag":"n"}}""", (string?)entry["envelope"]);
    }

    [Fact]
    public async Task Client_sets_a_ttl_on_its_reply_stream_and_deletes_it_on_stop()
    {
        await StartServerAsync();
        var client = new RedisRpcClient(
            new RedisRpcClientOptions { Connection = redis.Connection, KeyPrefix = _prefix, ReplyStreamTtl = TimeSpan.FromMinutes(7) });
        await client.StartAsync();

        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 1 });
        TimeSpan? ttl = await redis.Db.KeyTimeToLiveAsync(client.ReplyStreamKey);
        await client.DisposeAsync();

        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(7));
        Assert.False(await redis.Db.KeyExistsAsync(client.ReplyStreamKey));
        Assert.True(redis.Connection.IsConnected, "an injected connection must not be closed");
    }

    [Fact]
    public async Task Group_is_created_at_the_end_of_an_existing_stream()
    {
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"before-start"}""");
        await StartServerAsync();

        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"after-start"}""");

        Assert.Contains("after-start", (string?)(await _peer.ReadAsync(_peer.ReplyKey)).Single()["envelope"], StringComparison.Ordinal);
    }

    private async Task StartServerAsync(Func<RedisRpcServerOptions, RedisRpcServerOptions>? configure = null)
    {
        var options = new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = _prefix };
        _server = new RedisRpcServer(configure?.Invoke(options) ?? options);
        _server.RegisterService(ArithContract.Contract, _arith);
        _server.RegisterService(NotificationsContract.Contract, _notifications);
        await _server.StartAsync();
    }

    private async Task<RedisRpcClient> StartClientAsync()
    {
        var client = new RedisRpcClient(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = _prefix });
        await client.StartAsync();
        return client;
    }
}
