using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The repository's C# lines are at most 160 characters (<c>max_line_length</c> in .editorconfig), which no analyzer
/// checks: this test does, over src/, tests/, samples/ and bench/. Generated code checked in as test expectations
/// (`*.g.cs`: generator snapshots, codegen golden files, generated contracts) is compared byte for byte and left as generated.
/// </summary>
public sealed class SourceLineLengthTests
{
    private const int MaxLineLength = 160;

    private static readonly string[] Roots = ["src", "tests", "samples", "bench"];

    private static readonly string[] Skipped = ["bin", "obj", "node_modules", "Golden", "Snapshots"];

    [Fact]
    public void No_source_line_is_longer_than_160_characters()
    {
        List<string> files = [.. Roots.SelectMany(r => SourceFiles(Path.Combine(RepoPaths.Root, r)))];
        List<string> tooLong = [];
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > MaxLineLength)
                {
                    tooLong.Add($"{Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/')}:{i + 1}: {lines[i].Length} characters");
                }
            }
        }

        Assert.True(files.Count > 100, $"Only {files.Count} C# files found under {RepoPaths.Root}: the scan is looking in the wrong place.");
        Assert.True(tooLong.Count == 0, $"{tooLong.Count} lines over {MaxLineLength} characters (wrap them):\n{string.Join('\n', tooLong)}");
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        foreach (string file in Directory.EnumerateFiles(directory, "*.cs"))
        {
            if (file.EndsWith(".g.cs", StringComparison.Ordinal))
            {
                continue; // written by a generator and compared byte for byte
            }

            yield return file;
        }

        foreach (string child in Directory.EnumerateDirectories(directory))
        {
            if (!Skipped.Contains(Path.GetFileName(child)))
            {
                foreach (string file in SourceFiles(child))
                {
                    yield return file;
                }
            }
        }
    }
}
