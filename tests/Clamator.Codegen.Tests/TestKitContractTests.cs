using Clamator.Tests;
using Xunit;

namespace Clamator.Codegen.Tests;

/// <summary>
/// The compliance suites of Clamator.Testing serve their own copy of the vectors' arith and notifications contracts
/// (the package must not depend on the samples): the copy stays what clamator-codegen writes into
/// samples/Arith.Contracts/Generated, made internal, so the suites assert against the same wire names and validation.
/// </summary>
public sealed class TestKitContractTests
{
    [Theory]
    [InlineData("Arith")]
    [InlineData("Notifications")]
    public void Testing_contract_is_the_generated_sample_contract_made_internal(string contract)
    {
        string generated = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "Arith.Contracts", "Generated", contract + ".g.cs"));
        string copy = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Clamator.Testing", "Contracts", contract + ".cs"));

        string declarations = generated[generated.IndexOf("[ClamatorContract", StringComparison.Ordinal)..]
            .Replace("public partial interface", "internal partial interface", StringComparison.Ordinal)
            .Replace("public sealed record", "internal sealed record", StringComparison.Ordinal);
        Assert.EndsWith(declarations, copy, StringComparison.Ordinal);
        Assert.Contains("namespace Clamator.Testing;", copy, StringComparison.Ordinal);
    }
}
