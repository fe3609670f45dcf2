namespace Clamator.Codegen.Tests;

/// <summary>Runs clamator-codegen in process and captures what it prints.</summary>
internal static class CodegenRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string? searchPath = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CodegenCommand.RunAsync(args, output, error, CancellationToken.None, searchPath);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A fresh temporary folder, deleted on dispose.</summary>
    public static TempFolder Temp() => new();

    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "clamator-codegen-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Write(string relative, string text)
        {
            string file = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
