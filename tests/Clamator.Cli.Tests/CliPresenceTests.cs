using System.Text.Json;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// <c>inspect</c> and <c>watch</c> judge each consumer live, gone or unknown from the servers' presence records
/// (docs/protocol.md §5.5, §7.8), on a real redis-server with samples/Arith.Server as its own process.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CliPresenceTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private static readonly string[] States = ["live", "gone", "unknown"];
    private readonly string _prefix = "pr" + Guid.NewGuid().ToString("N")[..12];
    private ArithServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = await StartServerAsync("w1");

        // Redis lists a consumer from its first read: wait for it, so each test starts from a server in its group.
        await ArithAsync(s => s.GetProperty("group").GetProperty("consumers").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "arith:w1"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_live_server_is_live_with_its_record_and_a_raw_consumer_without_one_is_unknown()
    {
        // A reference-like peer: a consumer of the group that writes no heartbeat.
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", $"{_prefix}:cmds:arith", "arith", "arith:reference");

        JsonElement arith = await ArithAsync();

        JsonElement[] consumers = [.. arith.GetProperty("group").GetProperty("consumers").EnumerateArray()];
        Assert.All(consumers, c => Assert.Contains(c.GetProperty("state").GetString(), States));
        JsonElement live = Assert.Single(consumers, c => c.GetProperty("name").GetString() == "arith:w1");
        Assert.Equal("live", live.GetProperty("state").GetString());
        JsonElement record = live.GetProperty("presence");
        Assert.Equal("w1", record.GetProperty("instance").GetString());
        Assert.Equal(Environment.MachineName, record.GetProperty("host").GetString());
        Assert.True(record.GetProperty("pid").GetInt64() > 0);
        Assert.NotEmpty(record.GetProperty("version").GetString()!);
        Assert.True(record.GetProperty("lastBeatAgeMs").GetInt64() <= record.GetProperty("goneAfterMs").GetInt64());
        foreach (string counter in new[] { "running", "handled", "failed" })
        {
            Assert.True(record.GetProperty(counter).GetInt64() >= 0);
        }

        JsonElement reference = Assert.Single(consumers, c => c.GetProperty("name").GetString() == "arith:reference");
        Assert.Equal(("unknown", JsonValueKind.Null), (reference.GetProperty("state").GetString(), reference.GetProperty("presence").ValueKind));
        Assert.Equal("live", Assert.Single(arith.GetProperty("presence").EnumerateArray()).GetProperty("state").GetString());

        var table = await RunAsync("inspect", "--service", "arith");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Output.Split('\n'), l => Cells(l) is ["arith:w1", "live", _, "0", _, _, _, _, ..]);
        Assert.Contains(table.Output.Split('\n'), l => Cells(l) is ["arith:reference", "unknown", ..]);
        Assert.DoesNotContain("no live consumer", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_graceful_stop_the_consumer_is_gone_or_removed_and_inspect_warns_of_no_live_consumer()
    {
        Assert.Equal(0, await _server.TerminateAsync());

        JsonElement arith = await ArithAsync();

        Assert.DoesNotContain(arith.GetProperty("group").GetProperty("consumers").EnumerateArray(), c => c.GetProperty("state").GetString() == "live");
        Assert.All(arith.GetProperty("presence").EnumerateArray(), p => Assert.Equal("gone", p.GetProperty("state").GetString()));
        var (code, output, error) = await RunAsync("inspect", "--service", "arith", "--json");
        Assert.True(code == 0, error);
        JsonElement warning = Assert.Single(
            JsonDocument.Parse(output).RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("kind").GetString() == "no-live-consumer");
        Assert.Equal("arith", warning.GetProperty("service").GetString());
        Assert.StartsWith("no live consumer", warning.GetProperty("message").GetString(), StringComparison.Ordinal);

        var table = await RunAsync("inspect", "--service", "arith");
        Assert.Contains(table.Output.Split('\n'), l => l.StartsWith("warning arith: no live consumer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_killed_server_turns_gone_once_its_beat_is_older_than_its_presence_timeout()
    {
        await _server.KillAsync();

        JsonElement arith = await ArithAsync(s => Consumer(s, "arith:w1") is { } c && c.GetProperty("state").GetString() == "gone");

        JsonElement consumer = Consumer(arith, "arith:w1")!.Value;
        JsonElement presence = consumer.GetProperty("presence");
        Assert.True(presence.GetProperty("lastBeatAgeMs").GetInt64() > presence.GetProperty("goneAfterMs").GetInt64());
    }

    [Fact]
    public async Task Watch_json_gives_each_consumer_its_state_and_counts_the_live_ones()
    {
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", $"{_prefix}:cmds:arith", "arith", "arith:reference");

        var (code, output, error) = await RunAsync("watch", "--json", "--iterations", "1", "--service", "arith");

        Assert.True(code == 0, error);
        JsonElement row = JsonDocument.Parse(output).RootElement.GetProperty("services")[0];
        Assert.Equal(1, row.GetProperty("live").GetInt32());
        Assert.Equal(2, row.GetProperty("consumers").GetInt32());
        Assert.Equal(
            [("arith:reference", "unknown"), ("arith:w1", "live")],
            row.GetProperty("consumerList").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("state").GetString())));
        Assert.Equal("w1", Assert.Single(row.GetProperty("presence").EnumerateArray()).GetProperty("instance").GetString());

        var table = await RunAsync("watch", "--iterations", "1");
        Assert.Contains(table.Output.Split('\n'), l => Cells(l) is ["arith", "arith:w1", "live", ..]);
    }

    private async Task<ArithServerProcess> StartServerAsync(string instance) => await ArithServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["REDIS_URL"] = redis.Url,
        ["KEY_PREFIX"] = _prefix,
        ["INSTANCE_ID"] = instance,
        ["PRESENCE_TIMEOUT_MS"] = "1500",
    });

    /// <summary>The <c>arith</c> service of <c>inspect --json</c>, once its group exists and <paramref name="until"/> holds.</summary>
    private async Task<JsonElement> ArithAsync(Func<JsonElement, bool>? until = null) =>
        await Eventually.UntilAsync(
            async () =>
            {
                var (code, output, error) = await RunAsync("inspect", "--service", "arith", "--json");
                Assert.True(code == 0, error);
                return JsonDocument.Parse(output).RootElement.GetProperty("services")[0];
            },
            s => s.GetProperty("group").ValueKind == JsonValueKind.Object && (until is null || until(s)),
            Guard,
            s => s.ToString());

    private static JsonElement? Consumer(JsonElement service, string name) =>
        service.GetProperty("group").GetProperty("consumers").EnumerateArray().Where(c => c.GetProperty("name").GetString() == name).Select(
        c => (JsonElement?)c).FirstOrDefault();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        CliHarness.RunAsync([.. args, "--url", redis.Url, "--prefix", _prefix]);

    private static string[] Cells(string line) => [.. line.Split('│').Select(c => c.Trim()).Where(c => c.Length > 0)];
}
