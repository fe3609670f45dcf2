using Xunit;

namespace Clamator.Tests;

/// <summary>The command line itself: help, version, and bad input refused with exit code 2 before anything connects.</summary>
public sealed class CliUsageTests
{
    [Fact]
    public async Task Version_and_help_of_the_built_tool()
    {
        string tool = ProgramRun.Dll("src/Clamator.Cli", "Clamator.Cli");

        var version = await ProgramRun.RunAsync(tool, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output);

        var help = await ProgramRun.RunAsync(tool, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string command in new[] { "inspect", "call", "notify", "dead", "consumers", "replies", "watch", "--url", "--prefix", "Exit codes:" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }

        var none = await ProgramRun.RunAsync(tool);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("Usage:", none.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("inspect", "--url", "http://localhost")]
    [InlineData("inspect", "--prefix", "")]
    [InlineData("inspect", "--claim-idle", "1 hour")]
    [InlineData("dead", "list", "Arith")]
    [InlineData("dead", "show", "arith")]
    [InlineData("dead", "show", "arith", "--id", "latest")]
    [InlineData("dead", "replay", "arith")]
    [InlineData("dead", "purge", "arith", "--id", "1-0", "--all")]
    [InlineData("consumers", "prune", "arith", "--idle", "0s")]
    [InlineData("watch", "--iterations", "0")]
    [InlineData("call", "arith")]
    public async Task Bad_command_lines_exit_2_with_one_line_on_stderr(params string[] args)
    {
        var (code, output, error) = await CliHarness.RunAsync(args);

        Assert.Equal((2, string.Empty), (code, output));
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("clamator: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (string[] command in new string[][] { ["inspect"], ["call"], ["notify"], ["dead", "list"], ["dead", "show"], ["dead", "replay"],
            ["dead", "purge"], ["consumers", "prune"], ["replies", "gc"], ["watch"] })
        {
            var (code, output, _) = await CliHarness.RunAsync([.. command, "--help"]);
            Assert.Equal(0, code);
            Assert.Contains("--url", output, StringComparison.Ordinal);
            Assert.Contains("--prefix", output, StringComparison.Ordinal);
        }
    }
}
