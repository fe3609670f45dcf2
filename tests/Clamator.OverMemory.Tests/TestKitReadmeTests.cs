using Xunit;

namespace Clamator.Tests;

/// <summary>The Clamator.Testing package's readme shows how to derive with a class this project compiles and runs.</summary>
public sealed class TestKitReadmeTests
{
    [Fact]
    public void Testing_readme_quotes_the_compiled_memory_pipeline_tests_verbatim()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Clamator.Testing", "README.md"));
        string derived = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Clamator.OverMemory.Tests", "MemoryPipelineTests.cs"));

        Assert.Contains("```csharp\n" + derived + "```", readme, StringComparison.Ordinal);
    }
}
