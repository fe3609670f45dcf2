using System.Text.Json;
using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Input that used to poison the queue (entries run again and again, callers left to time out) is answered at once, once.</summary>
[Collection(RedisCollection.Name)]
public sealed class PoisonInputTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly string _prefix = "x" + Guid.NewGuid().ToString("N")[..12];
    private readonly ArithService _arith = new();
    private RawPeer _peer = null!;
    private RedisRpcServer _server = null!;

    private string CommandKey => $"{_prefix}:cmds:arith";

    public async Task InitializeAsync()
    {
        _peer = await RawPeer.CreateAsync(redis, _prefix);
        _server = new RedisRpcServer(new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = _prefix, ConsumerClaimIdle = TimeSpan.FromMilliseconds(200) });
        _server.RegisterService(ArithContract.Contract, _arith);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task Result_that_overflows_to_infinity_is_answered_result_validation_failed_once_and_acked()
    {
        await _peer.AddRequestAsync(
            "arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1.7976931348623157e308,"b":1.7976931348623157e308},"id":"inf"}""");

        JsonElement error = await ReplyErrorAsync();
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        Assert.Equal("Result validation failed", error.GetProperty("message").GetString());
        Assert.Equal("""["sum"]""", error.GetProperty("data").GetProperty("errors")[0].GetProperty("path").GetRawText());
        await AssertSettledAsync();
        Assert.Equal(1, _arith.Handled);
    }

    [Fact]
    public async Task Non_finite_number_in_params_is_answered_invalid_params()
    {
        await _peer.AddRequestAsync("arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1e999,"b":1},"id":"big"}""");

        JsonElement error = await ReplyErrorAsync();
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("""["a"]""", error.GetProperty("data").GetProperty("errors")[0].GetProperty("path").GetRawText());
        await AssertSettledAsync();
        Assert.Equal(0, _arith.Handled);
    }

    [Fact]
    public async Task Params_nested_ten_thousand_levels_deep_with_a_readable_id_are_answered_invalid_params_at_once()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        await _peer.AddRequestAsync("arith", $$"""{"jsonrpc":"2.0","method":"arith.add","params":{"a":{{deep}},"b":1},"id":"deep"}""");

        JsonElement error = await ReplyErrorAsync();
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        await AssertSettledAsync();
    }

    [Fact]
    public async Task Unknown_member_nested_too_deep_before_the_id_is_answered_invalid_request()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        await _peer.AddRequestAsync("arith", $$"""{"jsonrpc":"2.0","method":"arith.add","extra":{{deep}},"params":{"a":1,"b":1},"id":"deep"}""");

        JsonElement error = await ReplyErrorAsync();
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
        Assert.Equal("too-deep", error.GetProperty("data").GetProperty("reason").GetString());
        await AssertSettledAsync();
    }

    [Fact]
    public async Task Reply_nested_too_deep_fails_its_call_with_a_protocol_error_not_a_timeout()
    {
        // Played by a foreign server: nobody else serves arith now; the peer answers with a reply no one can read.
        await _server.StopAsync();
        await _peer.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", CommandKey, "arith", "arith:foreign"); // a reference server, listed, without heartbeat
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = _prefix });
        await client.StartAsync();
        Task<AddResult> call = client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, TimeSpan.FromMinutes(5));
        StreamEntry request = (await _peer.ReadAsync(CommandKey)).Single();
        string id = JsonDocument.Parse((string)request["envelope"]!).RootElement.GetProperty("id").GetString()!;
        string deep = new string('[', 10_000) + new string(']', 10_000);

        await _peer.Db.StreamAddAsync(
            client.ReplyStreamKey,
            [new NameValueEntry("type", "rpc"),
            new NameValueEntry("envelope", "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{\"sum\":" + deep + "}}")]);

        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => call.WaitAsync(Guard));
        Assert.Contains("too-deep", error.Message, StringComparison.Ordinal);
    }

    private async Task<JsonElement> ReplyErrorAsync()
    {
        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();
        return JsonDocument.Parse((string)reply["envelope"]!).RootElement.GetProperty("error");
    }

    /// <summary>Acknowledged, nothing dead-lettered, even after a reclaim pass past the claim time.</summary>
    private async Task AssertSettledAsync()
    {
        await _server.StopAsync();
        Assert.Equal(0, (await redis.Db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount);
        Assert.False(await redis.Db.KeyExistsAsync($"{_prefix}:dead:arith"));
        Assert.Equal(1, await redis.Db.StreamLengthAsync(_peer.ReplyKey));
    }
}
