using System.Text.Json;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary><c>clamator dead list|show|replay|purge</c> on a deployment whose server dead-lettered a poison request.</summary>
[Collection(RedisCollection.Name)]
public sealed class CliDeadLetterTests(RedisFixture redis) : IAsyncLifetime
{
    private Deployment _deployment = null!;

    public async Task InitializeAsync() => _deployment = await Deployment.StartAsync(redis, "cd");

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task List_and_show_report_the_dead_letter_field_by_field_as_json_and_as_tables()
    {
        var (code, output, error) = await _deployment.RunAsync("dead", "list", "arith", "--json");

        Assert.True(code == 0, error);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("arith", root.GetProperty("service").GetString());
        JsonElement letter = Assert.Single(root.GetProperty("deadLetters").EnumerateArray());
        string id = letter.GetProperty("id").GetString()!;
        Assert.Equal("arith", letter.GetProperty("service").GetString());
        Assert.True(letter.GetProperty("deadLetteredAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.Equal("max-deliveries", letter.GetProperty("reason").GetString());
        Assert.Equal(6, letter.GetProperty("deliveries").GetInt64());
        Assert.Equal((string)_deployment.Seeded.PoisonId!, letter.GetProperty("entryId").GetString());
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("error").ValueKind);
        Assert.Equal("arith.add", letter.GetProperty("method").GetString());
        Assert.Equal("poison", letter.GetProperty("requestId").GetString());
        Assert.Equal(_deployment.Peer.ReplyKey, letter.GetProperty("replyTo").GetString());
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("deadline").ValueKind);
        Assert.Equal(SeededDeployment.PoisonRequest, letter.GetProperty("envelope").GetString());
        Assert.Equal(
            ["type", "envelope", "reply-to", "reason", "deliveries", "entry-id"],
            letter.GetProperty("fields").EnumerateObject().Select(f => f.Name));

        var show = await _deployment.RunAsync("dead", "show", "arith", "--id", id, "--json");
        Assert.Equal(0, show.ExitCode);
        Assert.True(JsonElement.DeepEquals(letter, JsonDocument.Parse(show.Output).RootElement), show.Output);

        var table = await _deployment.RunAsync("dead", "list", "arith");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Output.Split('\n'), l =>
            l.Contains(id, StringComparison.Ordinal) && l.Contains("max-deliveries", StringComparison.Ordinal)
            && l.Contains("arith.add", StringComparison.Ordinal) && l.Contains("poison", StringComparison.Ordinal));
        Assert.Contains("1 dead letter(s) of arith", table.Output, StringComparison.Ordinal);

        var fields = await _deployment.RunAsync("dead", "show", "arith", "--id", id);
        Assert.Contains(fields.Output.Split('\n'), l =>
            l.Contains("│ reason", StringComparison.Ordinal) && l.Contains("max-deliveries", StringComparison.Ordinal));

        var missing = await _deployment.RunAsync("dead", "show", "arith", "--id", "1-0");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no dead letter 1-0", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_at_80_columns_keeps_each_id_whole_on_one_line_and_cuts_long_cells_with_an_ellipsis()
    {
        const string LongId = "3f0c2a1e-7b7d-4a53-9a0e-2f4c1d2b9e11-and-then-some";
        const string LongError = "WRONGTYPE Operation against a key holding the wrong kind of value, and more words to wrap";
        await redis.Db.StreamAddAsync(_deployment.Seeded.DeadKey, [
            new("envelope", $$"""{"jsonrpc":"2.0","method":"arith.divideEverythingVerySlowly","params":{},"id":"{{LongId}}"}"""),
            new("reason", "reply-failed"), new("deliveries", "1"), new("entry-id", "1700000000000-0"), new("error", LongError)]);
        string[] ids = [.. (await redis.Db.StreamRangeAsync(_deployment.Seeded.DeadKey)).Select(e => (string)e.Id!)];
        var narrow = new Dictionary<string, string> { ["COLUMNS"] = "80" };

        var (code, output, error) = await CliHarness.RunAsync(narrow, _deployment.Args("dead", "list", "arith"));

        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.All(ids, id => Assert.Single(lines, l => l.StartsWith($"│ {id} │", StringComparison.Ordinal)));
        Assert.Equal(ids.Length + 1, lines.Count(l => l.StartsWith('│'))); // the header and one line per dead letter: nothing wrapped
        Assert.Contains(lines, l => l.Contains("arith.div", StringComparison.Ordinal) && l.Contains('…', StringComparison.Ordinal));
        Assert.DoesNotContain(LongError, output, StringComparison.Ordinal);

        var wide = await CliHarness.RunAsync(narrow, _deployment.Args("dead", "list", "arith", "--wide"));

        Assert.Equal(0, wide.ExitCode);
        string row = Assert.Single(wide.Output.Split('\n'), l => l.Contains(LongId, StringComparison.Ordinal));
        foreach (string cell in new[] { ids[^1], "reply-failed", "arith.divideEverythingVerySlowly", "1700000000000-0", LongError })
        {
            Assert.Contains(cell, row, StringComparison.Ordinal);
        }

        Assert.DoesNotContain('…', wide.Output);
    }

    [Fact]
    public async Task Replay_asks_first_then_puts_the_request_back_and_the_caller_waiting_on_its_reply_stream_gets_the_answer()
    {
        StreamEntry limit = Assert.Single(await _deployment.Peer.ReadAsync(_deployment.Peer.ReplyKey));
        Assert.Contains("DeliveryLimitExceeded", (string)limit["envelope"]!, StringComparison.Ordinal);

        // Not a terminal and no --yes: refused, nothing done. A terminal that answers no: nothing done either.
        var refused = await _deployment.RunAsync("dead", "replay", "arith", "--all");
        Assert.Equal((2, string.Empty), (refused.ExitCode, refused.Output));
        Assert.Contains("refusing to replay every dead letter of arith", refused.Error, StringComparison.Ordinal);
        var declined = await CliHarness.RunAsync(_deployment.Args("dead", "replay", "arith", "--all"), input: "n\n");
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("[y/N]", declined.Error, StringComparison.Ordinal);
        Assert.Equal(1, await redis.Db.StreamLengthAsync(_deployment.Seeded.DeadKey));

        var (code, output, error) = await CliHarness.RunAsync(_deployment.Args("dead", "replay", "arith", "--all", "--json"), input: "y\n");

        Assert.True(code == 0, error);
        JsonElement replayed = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("replayed").EnumerateArray());
        Assert.False(replayed.GetProperty("deadlineDropped").GetBoolean());
        StreamEntry answer = Assert.Single(await _deployment.Peer.ReadAsync(_deployment.Peer.ReplyKey, limit.Id!));
        JsonElement reply = JsonDocument.Parse((string)answer["envelope"]!).RootElement;
        Assert.Equal("poison", reply.GetProperty("id").GetString());
        Assert.Equal(42, reply.GetProperty("result").GetProperty("sum").GetDouble());
        Assert.Equal(0, await redis.Db.StreamLengthAsync(_deployment.Seeded.DeadKey));
        Assert.Equal(replayed.GetProperty("entryId").GetString(),
            (string?)(await redis.Db.StreamRangeAsync(_deployment.Seeded.CommandKey, "-", "+", 1, Order.Descending))[0].Id);
    }

    [Fact]
    public async Task Purge_deletes_one_dead_letter_by_id_or_all_of_them_with_yes()
    {
        string dead = _deployment.Seeded.DeadKey;
        RedisValue extra = await redis.Db.StreamAddAsync(
            dead, [new("envelope", """{"jsonrpc":"2.0","method":"arith.add","params":{},"id":"x"}"""), new("reason", "reply-failed"),
            new("error", "WRONGTYPE")]);
        await redis.Db.StreamAddAsync(dead, "envelope", """{"jsonrpc":"2.0","method":"arith.add","params":{},"id":"y"}""");

        var one = await _deployment.RunAsync("dead", "purge", "arith", "--id", (string)extra!, "--yes");
        Assert.Equal((0, $"1 dead letter(s) deleted from {dead}\n"), (one.ExitCode, one.Output));
        Assert.Equal(1, (await _deployment.RunAsync("dead", "purge", "arith", "--id", (string)extra!, "--yes")).ExitCode);

        var all = await _deployment.RunAsync("dead", "purge", "arith", "--all", "--yes", "--json");
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(2, JsonDocument.Parse(all.Output).RootElement.GetProperty("purged").GetInt64());
        Assert.False(await redis.Db.KeyExistsAsync(dead));
    }
}
