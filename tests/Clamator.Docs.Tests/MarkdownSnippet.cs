namespace Clamator.Docs.Tests;

/// <summary>One fenced <c>```csharp</c> block of a Markdown file: where it is and its text.</summary>
/// <param name="File">The Markdown file, relative to the repository root, with '/'.</param>
/// <param name="Line">The 1-based line of the block's first code line.</param>
/// <param name="Code">The block's lines, joined with '\n', ending with '\n'.</param>
public sealed record MarkdownSnippet(string File, int Line, string Code)
{
    private const string Open = "```csharp";
    private const string Close = "```";

    /// <summary>Every <c>```csharp</c> block of <paramref name="markdown"/>, in order.</summary>
    public static IReadOnlyList<MarkdownSnippet> Read(string file, string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        string[] lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<MarkdownSnippet>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != Open)
            {
                continue;
            }

            int end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == Close);
            if (end < 0)
            {
                throw new InvalidOperationException($"{file}:{i + 1}: a ```csharp block is never closed.");
            }

            snippets.Add(new MarkdownSnippet(file, i + 2, string.Concat(lines[(i + 1)..end].Select(l => l + "\n"))));
            i = end;
        }

        return snippets;
    }

    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}
