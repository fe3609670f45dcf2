namespace Clamator.Docs.Tests;

/// <summary>The repository's Markdown a reader walks: <c>README.md</c> and <c>docs/*.md</c>.</summary>
internal static class DocFiles
{
    /// <summary>The repository root.</summary>
    public static string Root => Clamator.Tests.RepoPaths.Root;

    private static readonly Lazy<IReadOnlyList<MarkdownSnippet>> All = new(() =>
        [.. Markdown().SelectMany(f => MarkdownSnippet.Read(f, File.ReadAllText(Path.Combine(Root, f))))]);

    /// <summary><c>README.md</c> and every <c>docs/*.md</c>, relative to the root with '/', in a stable order.</summary>
    public static IReadOnlyList<string> Markdown() =>
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal),
    ];

    /// <summary>Every <c>```csharp</c> block of <see cref="Markdown"/>.</summary>
    public static IReadOnlyList<MarkdownSnippet> Snippets() => All.Value;
}
