using System.Text.Json;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// <c>clamator inspect</c> and <c>clamator watch</c> on a deployment with a pending entry, a dead letter and a gone
/// consumer; they only read, so the tests share the deployment.
/// </summary>
public sealed class CliInspectTests(DeploymentFixture fixture) : IClassFixture<DeploymentFixture>
{
    private readonly Deployment _deployment = fixture.Deployment;

    [Fact]
    public async Task Inspect_json_reports_every_field_and_the_warnings()
    {
        SeededDeployment seeded = _deployment.Seeded;

        var (code, output, error) = await _deployment.RunAsync("inspect", "--json", "--claim-idle", "1ms");

        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(_deployment.Prefix, root.GetProperty("prefix").GetString());
        Assert.Equal(["arith", "kitchen", "notifications"], root.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("service").GetString()));
        JsonElement arith = root.GetProperty("services")[0];
        Assert.Equal(seeded.CommandKey, arith.GetProperty("commandStream").GetString());
        Assert.True(arith.GetProperty("streamExists").GetBoolean());
        Assert.Equal(2, arith.GetProperty("length").GetInt64());
        Assert.Equal((string)seeded.HeldId!, arith.GetProperty("firstEntryId").GetString());
        Assert.Equal(arith.GetProperty("lastEntryId").GetString(), arith.GetProperty("lastGeneratedId").GetString());
        Assert.Equal(2, arith.GetProperty("entriesAdded").GetInt64());
        Assert.Equal(seeded.DeadKey, arith.GetProperty("deadLetterStream").GetString());
        Assert.Equal(1, arith.GetProperty("deadLetters").GetInt64());

        JsonElement group = arith.GetProperty("group");
        Assert.Equal("arith", group.GetProperty("name").GetString());
        Assert.Equal(arith.GetProperty("lastGeneratedId").GetString(), group.GetProperty("lastDeliveredId").GetString());
        Assert.Equal(0, group.GetProperty("lag").GetInt64());
        Assert.Equal(2, group.GetProperty("entriesRead").GetInt64());
        Assert.Equal(1, group.GetProperty("pending").GetInt64());
        JsonElement oldest = group.GetProperty("oldestPending");
        Assert.Equal((string)seeded.HeldId!, oldest.GetProperty("id").GetString());
        Assert.Equal("arith:crashed", oldest.GetProperty("consumer").GetString());
        Assert.Equal(1, oldest.GetProperty("deliveries").GetInt64());
        Assert.True(oldest.GetProperty("ageMs").GetInt64() >= oldest.GetProperty("idleMs").GetInt64());
        JsonElement[] consumers = [.. group.GetProperty("consumers").EnumerateArray()];
        Assert.Equal(["arith:crashed", "arith:gone", "arith:live"], consumers.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([1L, 0L, 0L], consumers.Select(c => c.GetProperty("pending").GetInt64()));
        Assert.All(consumers, c => Assert.True(c.GetProperty("idleMs").GetInt64() >= 0));
        Assert.All(consumers, c => Assert.True(c.TryGetProperty("inactiveMs", out _)));

        // Arith.Server (instance "live") beats a presence record; the seeded consumers are raw ones, without heartbeats.
        Assert.Equal(["unknown", "unknown", "live"], consumers.Select(c => c.GetProperty("state").GetString()));
        Assert.Equal("live", consumers[2].GetProperty("presence").GetProperty("instance").GetString());
        Assert.Equal(JsonValueKind.Null, consumers[0].GetProperty("presence").ValueKind);

        // The peer's stream holds the server's DeliveryLimitExceeded answer, with the TTL servers set.
        JsonElement replies = root.GetProperty("replies");
        Assert.Equal(1, replies.GetProperty("count").GetInt32());
        Assert.Equal(1, replies.GetProperty("totalLength").GetInt64());
        Assert.Equal(0, replies.GetProperty("withoutTtl").GetInt32());
        JsonElement stream = replies.GetProperty("streams")[0];
        Assert.Equal(_deployment.Peer.ReplyKey, stream.GetProperty("key").GetString());
        Assert.Equal("peer", stream.GetProperty("instanceId").GetString());
        Assert.Equal(1, stream.GetProperty("length").GetInt64());
        Assert.True(stream.GetProperty("ttlMs").GetInt64() > 0);
        Assert.True(stream.GetProperty("lastEntryAgeMs").GetInt64() >= 0);

        Assert.Equal(
            [("arith", "old-pending"), ("arith", "idle-consumer-with-pending"), ("arith", "dead-letters")],
            root.GetProperty("warnings").EnumerateArray().Select(w => (w.GetProperty("service").GetString(), w.GetProperty("kind").GetString())));
    }

    [Fact]
    public async Task Inspect_table_shows_the_key_cells_and_highlights_the_warnings()
    {
        var (code, output, error) = await _deployment.RunAsync("inspect", "--service", "arith", "--claim-idle", "1ms");

        Assert.True(code == 0, error);
        string[] lines = output.Split('\n');
        Assert.Contains(lines, l => Row(l, "command stream", _deployment.Seeded.CommandKey));
        Assert.Contains(lines, l => Row(l, "entries added", "2"));
        Assert.Contains(lines, l => Row(l, "pending", "1"));
        Assert.Contains(lines, l => Row(l, "group lag", "0"));
        Assert.Contains(lines, l => Row(l, "dead letters", "1"));
        Assert.Contains(lines, l => Row(l, "oldest pending", $"{_deployment.Seeded.HeldId} at arith:crashed"));
        // consumer, state, idle, pending, then the presence record's host, pid, version, beat, running, handled, failed.
        Assert.Contains(lines, l => Cells(l) is ["arith:crashed", "unknown", _, "1", "-", "-", "-", "-", "-", "-", "-"]);
        Assert.Contains(lines, l => Cells(l) is ["arith:live", "live", _, "0", _, _, _, _, _, _, _] cells && cells[4] != "-");
        Assert.Contains(lines, l => Row(l, "count", "1"));
        Assert.Contains(lines, l => l.StartsWith("warning arith: consumer arith:crashed has been idle", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("warning arith: 1 dead letter(s): see clamator dead list arith", StringComparison.Ordinal));
        Assert.DoesNotContain("kitchen", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_writes_one_frame_per_refresh_with_calls_per_second_from_the_second_on()
    {
        var (code, output, error) = await _deployment.RunAsync("watch", "--json", "--iterations", "2", "--interval", "50ms");

        Assert.True(code == 0, error);
        JsonElement[] frames = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(2, frames.Length);
        JsonElement first = frames[0].GetProperty("services")[0], second = frames[1].GetProperty("services")[0];
        Assert.Equal("arith", first.GetProperty("service").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("callsPerSecond").ValueKind);
        Assert.True(second.GetProperty("callsPerSecond").GetDouble() >= 0);
        Assert.Equal(1, second.GetProperty("pending").GetInt64());
        Assert.Equal(0, second.GetProperty("lag").GetInt64());
        Assert.False(second.GetProperty("lagGrowing").GetBoolean());
        Assert.Equal(3, second.GetProperty("consumers").GetInt32());
        Assert.Equal(1, second.GetProperty("deadLetters").GetInt64());
        Assert.Equal(2, second.GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task Watch_table_refreshes_until_ctrl_c_and_then_exits_cleanly()
    {
        using var stop = new CancellationTokenSource();
        var stdout = new SignallingWriter("Ctrl+C to stop");
        Task<(int ExitCode, string Output, string Error)> watch = CliHarness.RunAsync(
            _deployment.Args("watch", "--interval", "50ms"), input: null, stdout, stop.Token);

        await stdout.Written.Task.WaitAsync(Deployment.Guard);
        await stop.CancelAsync();
        var (code, output, error) = await watch.WaitAsync(Deployment.Guard);

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains($"clamator watch {_deployment.Prefix}", output, StringComparison.Ordinal);
        Assert.Contains(output.Split('\n'), l => Row(l, "arith", "-", "2", "1", "0", "3", "1"));
    }

    private static string[] Cells(string line) => [.. line.Split('│').Select(c => c.Trim()).Where(c => c.Length > 0)];

    /// <summary>Whether <paramref name="line"/> is a table row whose cells start with <paramref name="cells"/>.</summary>
    private static bool Row(string line, params string[] cells)
    {
        string[] found = [.. line.Split('│').Select(c => c.Trim()).Where(c => c.Length > 0)];
        return found.Length >= cells.Length && cells.Select((c, i) => found[i].StartsWith(c, StringComparison.Ordinal)).All(ok => ok);
    }
}
