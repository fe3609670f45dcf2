using Xunit;

namespace Clamator.Tests;

public sealed class ReadmeTests
{
    [Fact]
    public void Readme_quotes_the_compiled_quickstart_verbatim()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        string sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "Quickstart", "Program.cs"));

        Assert.Contains("```csharp\n" + sample + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_runs_exactly_the_readme_test_command()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        string ci = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run")).Last(l => l.Trim().Length > 0).Trim();

        Assert.Equal("./test.sh", ci);
        Assert.Contains("\n" + ci + " ", readme, StringComparison.Ordinal);
    }
}
