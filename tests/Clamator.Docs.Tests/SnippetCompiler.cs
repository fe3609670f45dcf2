using System.Collections.Immutable;
using Clamator.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Clamator.Docs.Tests;

/// <summary>
/// Compiles one snippet as its own project would be built: latest C#, nullable on, the SDK's implicit usings, every
/// assembly this test project references (the Clamator packages, Microsoft.Extensions.*, OpenTelemetry, the sample
/// contracts) and the Clamator source generator. A snippet with top-level statements is a program, any other a library.
/// </summary>
internal static class SnippetCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p)),
    ]);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>What <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c> adds to a console or library project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>
    /// The errors and warnings of compiling <paramref name="code"/> (the generator's own included), each as
    /// <c>file:line: id message</c> with the line counted in <paramref name="file"/> from <paramref name="firstLine"/>.
    /// </summary>
    public static IReadOnlyList<string> Diagnose(string code, string file = "snippet", int firstLine = 1)
    {
        SyntaxTree snippet = CSharpSyntaxTree.ParseText(code, ParseOptions, path: file);
        bool program = snippet.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "ImplicitUsings.cs"), snippet],
            References.Value,
            new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create([new ContractGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        return
        [
            .. generatorDiagnostics.Concat(output.GetDiagnostics())
                .Where(d => d.Severity >= DiagnosticSeverity.Warning)
                .Select(d => Describe(d, file, firstLine)),
        ];
    }

    private static string Describe(Diagnostic diagnostic, string file, int firstLine)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        string where = span.Path == file ? $"{file}:{firstLine + span.StartLinePosition.Line}" : span.Path;
        return $"{where}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
