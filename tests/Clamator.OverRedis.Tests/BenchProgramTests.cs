using Xunit;

namespace Clamator.Tests;

/// <summary>The benchmark's command line as a person uses it: --help, --version, bad arguments, a Redis that is not there.</summary>
public sealed class BenchProgramTests
{
    private static string Bench => ProgramRun.Dll(Path.Combine("bench", "Clamator.Bench"), "Clamator.Bench");

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var (code, output, error) = await ProgramRun.RunAsync(Bench, "--help");

        Assert.Equal(0, code);
        Assert.Empty(error);
        foreach (string option in new[] { "--redis <url>", "--calls <n>", "--concurrency <n>", "--max-concurrency <n>", "--sleep-ms <ms>", "--matrix", "--soak",
            "--verbose", "--version" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Version_exits_0_with_one_line()
    {
        var (code, output, error) = await ProgramRun.RunAsync(Bench, "--version");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+[^\n]*\n$", output);
    }

    [Theory]
    [InlineData(new[] { "--calls", "0" }, "--calls must be positive (got 0).")]
    [InlineData(new[] { "--concurrency", "many" }, "Cannot parse argument 'many' for option '--concurrency' as expected type 'System.Int32'.")]
    [InlineData(new[] { "--matrix", "--soak" }, "--matrix and --soak are separate runs; give one.")]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    public async Task A_bad_command_line_is_one_line_and_exit_2(string[] args, string reason)
    {
        var (code, output, error) = await ProgramRun.RunAsync(Bench, args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal($"Clamator.Bench: {reason} (see --help)\n", error);
    }

    [Fact]
    public async Task An_unreachable_redis_is_one_line_and_exit_3()
    {
        var (code, _, error) = await ProgramRun.RunAsync(Bench, "--redis", "redis://127.0.0.1:1", "--calls", "10");

        Assert.Equal(3, code);
        Assert.Matches("^Cannot reach Redis at 127\\.0\\.0\\.1:1: [^\n]+\n$", error);
    }
}
