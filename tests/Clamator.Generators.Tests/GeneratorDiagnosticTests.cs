using Microsoft.CodeAnalysis;
using Xunit;

namespace Clamator.Generators.Tests;

/// <summary>Each contract rule is a compile-time error with its id, and no code is emitted for a broken contract.</summary>
public sealed class GeneratorDiagnosticTests
{
    private const string Types = """
        using Clamator;
        namespace T;
        public sealed record P(double A);
        public sealed record R(double B);
        public struct S { public int X { get; set; } }
        public sealed class Keyed { public required Dictionary<int, string> Map { get; init; } }
        public sealed class Bag { public required object Anything { get; init; } }
        public sealed class Stamped { [ClamatorDateTime(Offset = true)] public required string At { get; init; } }

        """;

    [Theory]
    [InlineData("[ClamatorContract(\"Bad_Name\")] public interface IX { Task<R> AAsync(P p); }", "CLAM001", "Bad_Name")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { [ClamatorMethod(\"no-dash\")] Task<R> AAsync(P p); }", "CLAM002", "no-dash")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(P p); [ClamatorMethod(\"a\")] Task<R> BAsync(P p); }", "CLAM003", "'a'")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { R A(P p); }", "CLAM004", "'T.R'")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(P p, P q); }", "CLAM005", "AAsync")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(); }", "CLAM005", "AAsync")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(CancellationToken ct); }", "CLAM005", "AAsync")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync<TP>(TP p); }", "CLAM005", "AAsync")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { [ClamatorNotification] Task<R> AAsync(P p); }", "CLAM006", "AAsync")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task AAsync(P p); }", "CLAM007", "AAsync")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(S p); }", "CLAM008", "T.S")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(Keyed p); }", "CLAM008", "dictionary keys must be strings")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(Bag p); }", "CLAM008", "params of 'AAsync'.anything")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(Stamped p); }", "CLAM008",
        "[ClamatorDateTime] applies to DateTimeOffset properties only")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(string p); }", "CLAM008", "params must be an object")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(List<P> p); }", "CLAM008", "params must be an object")]
    [InlineData("[ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(P p); int Count { get; } }", "CLAM009", "Count")]
    [InlineData("public interface IBase { } [ClamatorContract(\"x\")] public interface IX : IBase { Task<R> AAsync(P p); }", "CLAM010", "must not extend")]
    [InlineData("public class Outer { [ClamatorContract(\"x\")] public interface IX { Task<R> AAsync(P p); } }", "CLAM010", "nested")]
    public void Broken_contract_reports_its_rule_and_emits_nothing(string contract, string id, string messagePart)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Types + contract);

        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(messagePart, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.NotEqual(Location.None, diagnostic.Location);
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void Every_rule_is_documented()
    {
        string doc = File.ReadAllText(Path.Combine(Clamator.Tests.RepoPaths.Root, "docs", "diagnostics.md"));

        foreach (string id in Enumerable.Range(1, 10).Select(i => $"CLAM{i:000}"))
        {
            Assert.Contains($"## {id}", doc, StringComparison.Ordinal);
        }
    }
}
