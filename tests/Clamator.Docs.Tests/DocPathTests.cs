using System.Text.RegularExpressions;
using Xunit;

namespace Clamator.Docs.Tests;

/// <summary>
/// Every repository path the docs name in backticks (<c>`src/…`</c>, <c>`tests/…`</c>, <c>`samples/…`</c>, …) exists,
/// so a file renamed or moved fails here until the page that names it follows (docs/architecture.md names one per step).
/// A path with <c>*</c> is a pattern and is not checked.
/// </summary>
public sealed partial class DocPathTests
{
    [GeneratedRegex(@"`((?:src|tests|samples|docs|bench|spec)/[^`\s*]+)`")]
    private static partial Regex RepoPath();

    [Fact]
    public void Every_path_named_in_the_docs_exists()
    {
        string[] missing =
        [
            .. DocFiles.Markdown()
                .SelectMany(file => File.ReadLines(Path.Combine(DocFiles.Root, file))
                    .Select((line, index) => (file, line: index + 1, text: line)))
                .SelectMany(l => RepoPath().Matches(l.text).Select(m => (l.file, l.line, path: m.Groups[1].Value)))
                .Where(p => !File.Exists(Path.Combine(DocFiles.Root, p.path)) && !Directory.Exists(Path.Combine(DocFiles.Root, p.path)))
                .Select(p => $"{p.file}:{p.line}: {p.path}"),
        ];

        Assert.True(missing.Length == 0, "The docs name paths that do not exist:\n" + string.Join('\n', missing));
    }
}
