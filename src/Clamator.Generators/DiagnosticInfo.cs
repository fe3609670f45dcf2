using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Clamator.Generators;

/// <summary>A diagnostic to report, kept free of symbols and syntax trees so the model stays cacheable.</summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        location ??= Location.None;
        FileLinePositionSpan line = location.GetLineSpan();
        return new DiagnosticInfo(descriptor.Id, line.Path ?? string.Empty, location.SourceSpan, line.Span, new EquatableArray<string>(arguments));
    }

    public Diagnostic ToDiagnostic()
    {
        Location location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
        return Diagnostic.Create(ContractDiagnostics.Find(Id), location, [.. Arguments]);
    }
}
