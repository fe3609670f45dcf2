using System.Text.Json;
using Xunit;

namespace Clamator.Tests;

/// <summary><c>clamator call</c> and <c>clamator notify</c> against Arith.Server, run as a person runs the built tool: its exit codes and streams.</summary>
public sealed class CliCallTests(DeploymentFixture fixture) : IClassFixture<DeploymentFixture>
{
    private readonly Deployment _deployment = fixture.Deployment;

    private static string Tool => ProgramRun.Dll("src/Clamator.Cli", "Clamator.Cli");

    [Fact]
    public async Task Call_exits_0_with_the_result_1_with_the_error_object_and_3_on_a_timeout()
    {
        var sum = await RunAsync("call", "arith.add", """{"a":2,"b":3}""");
        Assert.Equal((0, "{\"sum\":5}\n", string.Empty), sum);

        var divide = await RunAsync("call", "arith.divide", """{"a":1,"b":0}""");
        Assert.Equal((1, string.Empty), (divide.ExitCode, divide.Output));
        Assert.Equal("""{"code":-32000,"message":"division by zero","data":null}""", divide.Error.TrimEnd());

        var unknown = await RunAsync("call", "arith.nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("""{"code":-32601,"message":"Method not found","data":{"method":"arith.nope"}}""", unknown.Error.TrimEnd());

        var invalid = await RunAsync("call", "arith.add", """{"a":"two","b":3}""");
        Assert.Equal(1, invalid.ExitCode);
        JsonElement error = JsonDocument.Parse(invalid.Error).RootElement;
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("ValidationError", error.GetProperty("data").GetProperty("name").GetString());

        // A handler slower than the timeout: the call gives up (the server then skips or cancels it at the deadline).
        var late = await RunAsync("call", "arith.slowAdd", """{"a":1,"b":2,"sleepMs":1000}""", "--timeout", "100ms");
        Assert.Equal((3, string.Empty), (late.ExitCode, late.Output));
        Assert.Contains("call timeout", late.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_exits_0_once_redis_has_it_and_the_server_runs_it()
    {
        var notify = await RunAsync("notify", "notifications.ping", """{"tag":"cli"}""");

        Assert.Equal((0, string.Empty, string.Empty), notify);
        await _deployment.Server.WaitForLineAsync(l => l == """NOTIFY notifications.ping {"tag":"cli"}""");
    }

    [Fact]
    public async Task Bad_command_lines_exit_2_and_an_unreachable_redis_3_without_sending_anything()
    {
        long added = (await fixture.Redis.Db.StreamInfoAsync(_deployment.Seeded.CommandKey)).EntriesAdded;
        var noObject = await RunAsync("call", "arith.add", "[1,2]");
        Assert.Equal(2, noObject.ExitCode);
        Assert.Contains("params must be a JSON object", noObject.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("call", "arith.add", "{not json")).ExitCode);
        Assert.Equal(2, (await RunAsync("call", "Arith.add", "{}")).ExitCode);
        Assert.Equal(2, (await RunAsync("call", "arith.add", "{}", "--timeout", "soon")).ExitCode);

        var unserved = await RunAsync("call", "nosuch.method", "{}");
        Assert.Equal(3, unserved.ExitCode);
        Assert.Contains("nobody serves 'nosuch'", unserved.Error, StringComparison.Ordinal);
        Assert.Equal(3, (await RunAsync("notify", "nosuch.method", "{}")).ExitCode);
        Assert.False(await fixture.Redis.Db.KeyExistsAsync($"{_deployment.Prefix}:cmds:nosuch"));

        var unreachable = await ProgramRun.RunAsync(Tool, "call", "arith.add", "{}", "--url", "redis://127.0.0.1:1", "--prefix", _deployment.Prefix);
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Equal("clamator: cannot connect to Redis at 127.0.0.1:1: connection refused. Check that Redis runs there, and --url or $REDIS_URL.\n",
            unreachable.Error);
        Assert.Equal(added, (await fixture.Redis.Db.StreamInfoAsync(_deployment.Seeded.CommandKey)).EntriesAdded);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => ProgramRun.RunAsync(Tool, _deployment.Args(args));
}
