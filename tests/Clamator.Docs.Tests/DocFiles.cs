namespace Clamator.Docs.Tests;

/// <summary>The repository's Markdown a reader walks: <c>README.md</c> and <c>docs/*.md</c>.</summary>
internal static class DocFiles
{
    /// <summary>The repository root: the directory above the test's output that holds <c>Clamator.slnx</c>.</summary>
    public static string Root { get; } = FindRoot();

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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clamator.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find Clamator.slnx above {AppContext.BaseDirectory}.");
    }
}
