using System.Text.Json;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The warnings of <c>clamator inspect</c> that need no server: entries nobody has read, and a reply stream without a TTL.</summary>
[Collection(RedisCollection.Name)]
public sealed class CliWarningTests(RedisFixture redis)
{
    private readonly string _prefix = "cw" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Lag_and_a_reply_stream_without_ttl_are_flagged()
    {
        string key = $"{_prefix}:cmds:arith";
        await redis.Db.StreamAddAsync(key, "envelope", """{"jsonrpc":"2.0","method":"arith.add","params":{},"id":"1"}""");
        await redis.Db.StreamAddAsync(key, "envelope", """{"jsonrpc":"2.0","method":"arith.add","params":{},"id":"2"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(key, "arith", "0");
        await redis.Db.StreamAddAsync($"{_prefix}:replies:no-ttl", "type", "rpc");
        string[] args = ["inspect", "--url", redis.Url, "--prefix", _prefix];

        var (code, output, error) = await CliHarness.RunAsync([.. args, "--json"]);

        Assert.True(code == 0, error);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("services")[0].GetProperty("group").GetProperty("lag").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("services")[0].GetProperty("group").GetProperty("oldestPending").ValueKind);
        Assert.Equal(1, root.GetProperty("replies").GetProperty("withoutTtl").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("replies").GetProperty("streams")[0].GetProperty("ttlMs").ValueKind);
        Assert.Equal(
            [("arith", "no-live-consumer"), ("arith", "lag"), (null, "reply-without-ttl")],
            root.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("service").GetString(), w.GetProperty("kind").GetString())));

        var table = await CliHarness.RunAsync(args);
        Assert.Contains("warning arith: 2 entries not yet delivered to any server", table.Output, StringComparison.Ordinal);
        Assert.Contains("warning arith: no live consumer: no consumer and no heartbeat", table.Output, StringComparison.Ordinal);
        Assert.Contains($"warning replies: 1 reply stream(s) without a TTL ({_prefix}:replies:no-ttl): see clamator replies gc", table.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_known_only_from_its_dead_letters_is_listed_without_a_stream()
    {
        await redis.Db.StreamAddAsync($"{_prefix}:dead:kitchen", [new NameValueEntry("envelope", "{}"), new NameValueEntry("reason", "max-deliveries")]);

        var (code, output, error) = await CliHarness.RunAsync("inspect", "--json", "--url", redis.Url, "--prefix", _prefix);

        Assert.True(code == 0, error);
        JsonElement kitchen = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("services").EnumerateArray());
        Assert.Equal("kitchen", kitchen.GetProperty("service").GetString());
        Assert.False(kitchen.GetProperty("streamExists").GetBoolean());
        Assert.Equal(JsonValueKind.Null, kitchen.GetProperty("group").ValueKind);
        Assert.Equal(1, kitchen.GetProperty("deadLetters").GetInt64());
    }
}
