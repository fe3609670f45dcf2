using System.Text.Json;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// A prefix with no services (most often a mistyped <c>--prefix</c>): every command says so, names the prefixes that
/// have services, and exits 3 instead of printing an empty report with 0. On a redis-server of its own, so the
/// prefixes in the database are only these tests'.
/// </summary>
public sealed class CliPrefixTests : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly RedisFixture _redis;
    // The same for every test of the class: the database holds this deployment (and FindKeyPrefixes' keys) only.
    private readonly string _prefix = "deployed";
    private readonly string _wrong = "mistyped";

    public CliPrefixTests(RedisFixture redis) => _redis = redis;

    public async Task InitializeAsync()
    {
        if (!await _redis.Db.KeyExistsAsync($"{_prefix}:cmds:arith"))
        {
            await _redis.Db.StreamCreateConsumerGroupAsync($"{_prefix}:cmds:arith", "arith", "0", createStream: true);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("inspect")]
    [InlineData("inspect", "--json")]
    [InlineData("watch", "--iterations", "1")]
    [InlineData("dead", "list", "arith")]
    [InlineData("dead", "show", "arith", "--id", "1-0")]
    [InlineData("dead", "replay", "arith", "--all", "--yes")]
    [InlineData("dead", "purge", "arith", "--all", "--yes")]
    [InlineData("consumers", "prune", "arith", "--yes")]
    [InlineData("replies", "gc", "--yes")]
    public async Task A_prefix_with_no_services_exits_3_and_names_the_prefixes_that_have_some(params string[] args)
    {
        var (code, output, error) = await CliHarness.RunAsync([.. args, "--url", _redis.Url, "--prefix", _wrong]);

        Assert.Equal(3, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"clamator: no services under prefix '{_wrong}' (no {_wrong}:cmds:* or {_wrong}:dead:* streams). Prefixes with services in this " +
            $"database: ", line, StringComparison.Ordinal);
        Assert.Contains(_prefix, line, StringComparison.Ordinal);
        if (args.Contains("--json"))
        {
            // The report is still there for a script to read: it is empty.
            Assert.Empty(JsonDocument.Parse(output).RootElement.GetProperty("services").EnumerateArray());
        }
    }

    [Fact]
    public async Task Call_under_a_prefix_with_no_services_names_the_prefixes_that_have_some()
    {
        var (code, _, error) = await CliHarness.RunAsync("call", "arith.add", "{}", "--url", _redis.Url, "--prefix", _wrong);

        Assert.Equal(3, code);
        Assert.StartsWith($"clamator: nobody serves 'arith' under prefix '{_wrong}'", error, StringComparison.Ordinal);
        Assert.Contains(_prefix, error, StringComparison.Ordinal);
        Assert.False(await _redis.Db.KeyExistsAsync($"{_wrong}:cmds:arith"));
    }

    [Theory]
    [InlineData("inspect", "--service", "nope")]
    [InlineData("watch", "--service", "nope", "--iterations", "1")]
    [InlineData("dead", "list", "nope")]
    [InlineData("consumers", "prune", "nope", "--yes")]
    public async Task A_service_that_is_not_under_the_prefix_exits_3_and_names_the_services_there(params string[] args)
    {
        var (code, _, error) = await CliHarness.RunAsync([.. args, "--url", _redis.Url, "--prefix", _prefix]);

        Assert.Equal(3, code);
        Assert.Equal($"clamator: no service 'nope' under prefix '{_prefix}' ({_prefix}:cmds:nope does not exist). Services there: arith.\n", error);
    }

    [Fact]
    public async Task The_right_prefix_exits_0()
    {
        var (code, _, error) = await CliHarness.RunAsync("inspect", "--url", _redis.Url, "--prefix", _prefix);

        Assert.Equal((0, string.Empty), (code, error));
    }

    [Fact]
    public async Task FindKeyPrefixes_lists_the_prefixes_of_command_streams_with_a_valid_service()
    {
        string stem = "fk" + Guid.NewGuid().ToString("N")[..8];
        await _redis.Db.StreamAddAsync($"{stem}-a:cmds:arith", "type", "rpc");
        await _redis.Db.StreamAddAsync($"{stem}-b:x:cmds:kitchen", "type", "rpc");
        await _redis.Db.StringSetAsync($"{stem}-c:cmds:arith", "not a stream");
        await _redis.Db.StreamAddAsync($"{stem}-d:cmds:Not_A_Service", "type", "rpc");
        await _redis.Db.StreamAddAsync($"{stem}-e:replies:x", "type", "rpc");
        await using var admin = new RedisAdmin(_redis.Connection, _wrong);

        IReadOnlyList<string> prefixes = await admin.FindKeyPrefixesAsync();

        Assert.Equal([_prefix, $"{stem}-a", $"{stem}-b:x"], prefixes);
    }
}
