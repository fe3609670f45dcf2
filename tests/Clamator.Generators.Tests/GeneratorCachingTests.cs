using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Clamator.Generators.Tests;

/// <summary>The generator is incremental: edits that do not touch a contract reuse the cached model and output.</summary>
public sealed class GeneratorCachingTests
{
    [Fact]
    public void Unrelated_edit_leaves_the_contract_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(GeneratorSnapshotTests.Calculator, "namespace Other; public sealed class Unrelated { }");
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            unrelated, unrelated.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From("namespace Other; public sealed class Unrelated { public int X { get; set; } }")));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var steps = result.TrackedSteps[ContractGenerator.ReadStep];
        Assert.NotEmpty(steps);
        Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step output was {o.Reason}"));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_a_params_type_in_another_file_regenerates_its_metadata()
    {
        const string Contract = """
            using Clamator;
            namespace Split;
            [ClamatorContract("split")]
            public interface ISplitService { Task<R> GoAsync(P p); }
            """;
        CSharpCompilation compilation = GeneratorHarness.Compilation(
            Contract, "namespace Split; public sealed record P(double A); public sealed record R(double B);");
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree types = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            types, types.WithChangedText(
            Microsoft.CodeAnalysis.Text.SourceText.From("namespace Split; public sealed record P(double A, string Extra); public sealed record R(double B);")));
        GeneratorDriverRunResult result = driver.RunGenerators(edited).GetRunResult();

        Assert.Contains("\"extra\"", result.GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_the_contract_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(GeneratorSnapshotTests.Calculator);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);

        SyntaxTree contract = compilation.SyntaxTrees.Last();
        string text = contract.ToString().Replace("[ClamatorMethod(\"configure\")]", "[ClamatorMethod(\"setUp\")]", StringComparison.Ordinal);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(contract, contract.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        GeneratorDriverRunResult result = driver.RunGenerators(edited).GetRunResult();

        Assert.Contains("\"setUp\"", result.GeneratedTrees.Single().ToString(), StringComparison.Ordinal);
        Assert.Contains(result.Results.Single().TrackedSteps[ContractGenerator.ReadStep].SelectMany(s => s.Outputs), o =>
            o.Reason == IncrementalStepRunReason.Modified);
    }
}
