using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The repository is self-contained: nothing it holds refers to files beside it, its test vectors are inside it, and
/// every citation of docs/protocol.md names a section that exists.
/// </summary>
public sealed partial class SelfContainedTests
{
    /// <summary>The parent folder, spelled so that this file does not contain what it looks for.</summary>
    private const string Up = "..";

    /// <summary>
    /// How a path to a folder beside the repository is written (in text, with either separator, and as
    /// <c>Path.Combine</c> arguments), and the reference protocol's file name, which a clone does not have.
    /// </summary>
    private static readonly string[] Outside = [Up + "/shared", Up + "\\shared", "\"" + Up + "\", \"shared\"", "WIRE" + ".md"];

    [Fact]
    public void No_file_refers_to_a_folder_beside_the_repository()
    {
        List<string> found = [];
        foreach (string file in TrackedFiles())
        {
            string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, file));
            for (int i = 0; i < lines.Length; i++)
            {
                if (Outside.Any(o => lines[i].Contains(o, StringComparison.Ordinal)))
                {
                    found.Add($"{file}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(found.Count == 0, "These lines refer to files outside the repository, which a clone does not have:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_test_vectors_are_inside_the_repository()
    {
        string vectors = RepoPaths.Vectors;

        Assert.StartsWith(RepoPaths.Root + Path.DirectorySeparatorChar, vectors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(vectors, "envelopes.json")));
        Assert.True(File.Exists(Path.Combine(vectors, "schema-hashes.json")));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(vectors, "contracts"), "*.ts"));
    }

    [Fact]
    public void Every_citation_of_the_protocol_document_names_one_of_its_sections()
    {
        string protocol = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "protocol.md"));
        HashSet<string> sections = [.. Heading().Matches(protocol).Select(m => m.Groups["section"].Value)];
        Assert.Contains("§1", sections);

        List<string> broken = [.. Section().Matches(protocol).Select(m => m.Value).Where(
            s => !sections.Contains(s)).Distinct().Select(s => $"docs/protocol.md: {s}")];
        int citations = 0;
        foreach (string file in TrackedFiles().Where(f => f != "docs/protocol.md"))
        {
            foreach (Match citation in Citation().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, file))))
            {
                foreach (Match section in Section().Matches(citation.Groups["sections"].Value))
                {
                    citations++;
                    if (!sections.Contains(section.Value))
                    {
                        broken.Add($"{file}: protocol.md {section.Value}");
                    }
                }
            }
        }

        Assert.True(broken.Count == 0, "These cite sections docs/protocol.md does not have:\n" + string.Join("\n", broken));
        Assert.True(citations >= 30, $"Expected the sources to cite docs/protocol.md; found {citations} citations.");
    }

    /// <summary>
    /// The files git tracks, relative to the root with <c>/</c> separators; in a copy without git, every file but build
    /// output and tool folders.
    /// </summary>
    private static List<string> TrackedFiles()
    {
        if (GitLsFiles() is { } tracked)
        {
            return [.. tracked.Where(f => File.Exists(Path.Combine(RepoPaths.Root, f)))];
        }

        string[] skipped = ["bin", "obj", ".git", ".vs", "TestResults", "node_modules", "artifacts", "nupkg"];
        return [.. Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => skipped.Contains(part)))];
    }

    private static string[]? GitLsFiles()
    {
        if (!Path.Exists(Path.Combine(RepoPaths.Root, ".git")))
        {
            return null;
        }

        var start = new ProcessStartInfo("git", ["-C", RepoPaths.Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using Process git = Process.Start(start)!;
            git.BeginErrorReadLine();
            string output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries) : null;
        }
        catch (Win32Exception)
        {
            // No git on PATH.
            return null;
        }
    }

    /// <summary>A numbered heading of docs/protocol.md: <c>## §6 …</c> or <c>### §6.3 …</c>.</summary>
    [GeneratedRegex(@"^#{2,3} (?<section>§\d+(?:\.\d+)?) ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    /// <summary>A citation: <c>protocol.md §6.3</c>, <c>protocol.md §6.3, §6.8</c>, <c>protocol.md §5.1–§5.2</c>, <c>protocol.md §5 and §7</c>.</summary>
    [GeneratedRegex(@"protocol\.md(?<sections>(?:(?:,\s*|\s+and\s+|\s*–\s*|\s+)§\d+(?:\.\d+)?)+)")]
    private static partial Regex Citation();

    [GeneratedRegex(@"§\d+(?:\.\d+)?")]
    private static partial Regex Section();
}
