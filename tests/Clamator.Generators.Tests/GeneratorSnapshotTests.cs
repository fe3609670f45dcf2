using Clamator.Tests;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Clamator.Generators.Tests;

/// <summary>The generated code for representative contracts, compared with committed snapshots.</summary>
public sealed class GeneratorSnapshotTests
{
    /// <summary>Set to 1 to rewrite the snapshots from the current generator.</summary>
    private const string UpdateVariable = "CLAMATOR_UPDATE_SNAPSHOTS";

    internal const string Calculator = """
        using System.Text.Json.Serialization;
        using Clamator;

        namespace Samples.Calc;

        public sealed record AddParams(double A, double B);

        public sealed record Sum(double Value);

        public enum Mode { Fast, [JsonStringEnumMemberName("slow-and-steady")] Slow }

        public sealed record Options
        {
            public required Mode Mode { get; init; }
            [JsonPropertyName("label_text")] public string? Label { get; init; }
            public required string? Note { get; init; }
            public long Count { get; set; } = 1;
            public required IReadOnlyList<long> Values { get; init; }
            public Dictionary<string, double>? Weights { get; init; }
            [ClamatorDateTime(Offset = true, Precision = 3)] public DateTimeOffset? When { get; init; }
            public IReadOnlyList<string>? Tags { get; init; }
            public IReadOnlyDictionary<string, IReadOnlyList<string?>>? Groups { get; init; }
        }

        [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
        public sealed record Ping(string? Tag = null);

        [ClamatorContract("calc")]
        public partial interface ICalculatorService
        {
            Task<Sum> AddAsync(AddParams p, CancellationToken cancellationToken = default);

            [ClamatorMethod("configure")]
            ValueTask<Options> SetOptionsAsync(Options options, CancellationToken cancellationToken = default);

            Task<Sum> TotalAsync(Options options);

            [ClamatorNotification]
            Task PingAsync(Ping p, CancellationToken cancellationToken = default);

            Task<Sum> InfoAsync(AddParams p, CancellationToken cancellationToken = default);
        }
        """;

    [Fact]
    public void CalculatorContractMatchesItsSnapshot()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Calculator);

        KeyValuePair<string, string> source = Assert.Single(outcome.Sources);
        Assert.Equal("Samples.Calc.ICalculatorService.Clamator.g.cs", source.Key);
        MatchSnapshot(source.Key, source.Value);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationDiagnostics.Where(
            d => d.Severity == DiagnosticSeverity.Error || d.Location.SourceTree?.FilePath.Contains("Clamator.g.cs", StringComparison.Ordinal) == true));
    }

    internal static void MatchSnapshot(string name, string actual)
    {
        string path = Path.Combine(RepoPaths.Root, "tests", "Clamator.Generators.Tests", "Snapshots", name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No snapshot at {path}; run the tests with {UpdateVariable}=1 to write it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
