namespace Clamator.Tests;

/// <summary>Locates the repository and its test vectors (<c>spec/vectors</c>); fails loudly when they are missing.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Vectors => RequireDirectory(Path.Combine(Root, "spec", "vectors"));

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

    private static string RequireDirectory(string path) => Directory.Exists(path)
        ? Path.GetFullPath(path)
        : throw new InvalidOperationException($"The test vectors are missing: expected {Path.GetFullPath(path)} (spec/vectors in the repository).");
}
