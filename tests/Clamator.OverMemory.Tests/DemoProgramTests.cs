using System.Diagnostics;
using Xunit;

namespace Clamator.Tests;

/// <summary>samples/Arith.Demo as a person runs it: in memory by default, --help, --version, bad arguments, a Redis that is not there.</summary>
public sealed class DemoProgramTests
{
    private static string Demo => ProgramRun.Dll(Path.Combine("samples", "Arith.Demo"), "Arith.Demo");

    [Fact]
    public async Task Runs_in_memory_without_arguments()
    {
        var (code, output, error) = await ProgramRun.RunAsync(Demo);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("transport: in-memory\n", output, StringComparison.Ordinal);
        Assert.Contains("arith.add(2, 3)          = 5\n", output, StringComparison.Ordinal);
        Assert.Contains("kitchen.shape(circle r=1) = 3.14159\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_options_and_exits_0(string flag)
    {
        var (code, output, error) = await ProgramRun.RunAsync(Demo, flag);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("Usage:\n  Arith.Demo [options]", output, StringComparison.Ordinal);
        foreach (string option in new[] { "--redis <url>", "--verbose", "--help", "--version" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Version_prints_the_informational_version_and_exits_0()
    {
        string version = FileVersionInfo.GetVersionInfo(Demo).ProductVersion!;

        var (code, output, error) = await ProgramRun.RunAsync(Demo, "--version");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.NotEmpty(version);
        Assert.Equal(version + "\n", output);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [InlineData(new[] { "extra" }, "Unrecognized command or argument 'extra'.")]
    [InlineData(new[] { "--redis" }, "Required argument missing for option: '--redis'.")]
    [InlineData(new[] { "--redis", "localhost:6379" }, "Invalid Redis URL 'localhost:6379': expected redis://[user:password@]host[:port][/db] or rediss://...")]
    public async Task A_bad_command_line_is_one_line_and_exit_2(string[] args, string reason)
    {
        var (code, output, error) = await ProgramRun.RunAsync(Demo, args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal($"Arith.Demo: {reason} (see --help)\n", error);
    }

    [Fact]
    public async Task An_unreachable_redis_is_one_line_and_exit_3()
    {
        var (code, _, error) = await ProgramRun.RunAsync(Demo, "--redis", "redis://127.0.0.1:1");

        Assert.Equal(3, code);
        Assert.Matches("^Cannot reach Redis at 127\\.0\\.0\\.1:1: [^\n]+\n$", error);
        Assert.True(error.Length < 200, error);
    }

    [Fact]
    public async Task Verbose_adds_the_whole_exception()
    {
        var (code, _, error) = await ProgramRun.RunAsync(Demo, "--redis", "redis://127.0.0.1:1", "--verbose");

        Assert.Equal(3, code);
        Assert.StartsWith("Cannot reach Redis at 127.0.0.1:1: ", error, StringComparison.Ordinal);
        Assert.Contains("StackExchange.Redis.RedisConnectionException", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }
}
