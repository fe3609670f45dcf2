using Clamator.Generators.Tests;
using Clamator.Tests;
using Xunit;

namespace Clamator.Codegen.Tests;

/// <summary>
/// Zod constructs beyond the vectors (Contracts/constructs.ts): the generated C# is pinned by a golden file, and it
/// compiles, with the source generator, without a diagnostic; so does the generated kitchen contract.
/// </summary>
public sealed class ConstructsTests
{
    private const string UpdateVariable = "CLAMATOR_UPDATE_SNAPSHOTS";

    [Fact]
    public async Task Constructs_contract_matches_its_golden_file()
    {
        using var temp = CodegenRun.Temp();
        string src = Path.Combine(RepoPaths.Root, "tests", "Clamator.Codegen.Tests", "Contracts");

        var (code, _, error) = await CodegenRun.RunAsync(["--src", src, "--out-cs", temp.Path, "--namespace", "Constructs"]);

        Assert.True(code == 0, error);
        string actual = await File.ReadAllTextAsync(Path.Combine(temp.Path, "OrderDesk.g.cs"));
        // The golden file lives with the tests that compile it and serve its contract (OrderDeskContractTests).
        string golden = Path.Combine(RepoPaths.Root, "tests", "Clamator.OverMemory.Tests", "Generated", "OrderDesk.g.cs");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(golden, actual);
        }

        Assert.Equal(await File.ReadAllTextAsync(golden), actual);
    }

    [Fact]
    public void Source_generator_output_for_the_kitchen_contract_matches_its_golden_file()
    {
        string source = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "Arith.Contracts", "Generated", "Kitchen.g.cs"));

        KeyValuePair<string, string> generated = Assert.Single(GeneratorHarness.Run(source).Sources);

        Assert.Equal("Arith.IKitchenService.Clamator.g.cs", generated.Key);
        string golden = Path.Combine(RepoPaths.Root, "tests", "Clamator.Codegen.Tests", "Golden", generated.Key);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(golden, generated.Value);
        }

        Assert.Equal(File.ReadAllText(golden), generated.Value);
    }

    [Theory]
    [InlineData("tests/Clamator.OverMemory.Tests/Generated/OrderDesk.g.cs")]
    [InlineData("samples/Arith.Contracts/Generated/Kitchen.g.cs")]
    [InlineData("samples/Arith.Contracts/Generated/Arith.g.cs")]
    public void Generated_contract_compiles_with_the_source_generator(string file)
    {
        string source = File.ReadAllText(Path.Combine(RepoPaths.Root, file));

        GeneratorOutcome outcome = GeneratorHarness.Run(source);

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationDiagnostics);
        Assert.Single(outcome.Sources);
    }
}
