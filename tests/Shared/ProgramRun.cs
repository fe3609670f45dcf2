using System.Diagnostics;

namespace Clamator.Tests;

/// <summary>A program of the repository, built in the tests' configuration, run as <c>dotnet &lt;dll&gt; args</c> to its exit.</summary>
internal static class ProgramRun
{
    /// <summary>Only against a hung program: the tests assert no timing.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    /// <summary>The built <c>&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;name&gt;.dll</c>; <paramref name="project"/> is relative to the repository.</summary>
    public static string Dll(string project, string name)
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string path = Path.Combine(RepoPaths.Root, project, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{name} is not built: {path} is missing.");
    }

    /// <summary>Runs <paramref name="dll"/> without <c>$REDIS_URL</c> and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string dll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("REDIS_URL");
        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{dll} did not start.");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
