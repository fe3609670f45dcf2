using System.Diagnostics;

namespace Clamator.Tests;

/// <summary>A program of the repository, or the dotnet CLI itself, run as a person runs it, to its exit.</summary>
public static class ProgramRun
{
    /// <summary>Only against a hung program: the tests assert no timing.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The built <c>&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;name&gt;.dll</c>; <paramref name="project"/>
    /// is relative to the repository.
    /// </summary>
    public static string Dll(string project, string name)
    {
        string path = Path.Combine(RepoPaths.Root, project, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{name} is not built: {path} is missing.");
    }

    /// <summary>The configuration the tests were built in (Release or Debug), which the programs they run were built in too.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>Runs <paramref name="dll"/> without <c>$REDIS_URL</c> and returns its exit code, stdout and stderr.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string dll, params string[] args) =>
        DotnetAsync([dll, .. args]);

    /// <summary>
    /// Runs <c>dotnet <paramref name="args"/></c> in <paramref name="workingDirectory"/> (the current one when
    /// <see langword="null"/>) and returns its exit code, stdout and stderr. The child sees neither <c>$REDIS_URL</c>
    /// nor the MSBuild and NuGet settings of the test host, so a nested build or restore is what a person's would be.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> DotnetAsync(string[] args, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("REDIS_URL");
        info.Environment.Remove("NUGET_PACKAGES");
        foreach (string inherited in info.Environment.Keys.Where(
            k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"dotnet {string.Join(' ', args)} did not start.");
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
