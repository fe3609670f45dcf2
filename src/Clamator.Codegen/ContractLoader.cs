using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Clamator.Codegen;

/// <summary>
/// Reads TypeScript/Zod contract files by running the embedded Node.js loader. On first use it installs the
/// loader's pinned npm packages (esbuild, zod, zod-to-json-schema) into a cache folder keyed by their versions.
/// </summary>
internal sealed class ContractLoader(string cacheRoot, string searchPath, TextWriter log)
{
    /// <summary>The environment variable naming the cache folder.</summary>
    public const string CacheVariable = "CLAMATOR_CODEGEN_CACHE";

    private const string InstalledMarker = ".installed";

    /// <summary>How long loading the contracts may take before the loader is stopped (a contract that never returns).</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long the first-use npm install may take.</summary>
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The cache folder from <c>$CLAMATOR_CODEGEN_CACHE</c>, else <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>.</summary>
    public static string DefaultCacheRoot()
    {
        string? configured = Environment.GetEnvironmentVariable(CacheVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "clamator-codegen");
    }

    /// <summary>Loads the contracts of <paramref name="files"/> (absolute paths), naming each relative to <paramref name="sourceRoot"/>.</summary>
    public async Task<IReadOnlyList<LoadedContract>> LoadAsync(string sourceRoot, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        string node = FindOnPath("node") ?? throw new CodegenException(
            "clamator-codegen needs Node.js to read TypeScript contracts, and 'node' is not on PATH. Install Node.js 18 or later.");
        string loaderDirectory = await EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);

        ProcessResult result = await RunAsync(
            node, loaderDirectory, [Path.Combine(loaderDirectory, "loader.cjs"), .. files], LoadTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            string detail = result.Error.Trim().Replace(sourceRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
            throw new CodegenException($"Reading the contracts failed: {(detail.Length > 0 ? detail : $"node exited with {result.ExitCode}")}");
        }

        using JsonDocument document = JsonDocument.Parse(result.Output);
        var contracts = new List<LoadedContract>();
        foreach (JsonElement contract in document.RootElement.GetProperty("contracts").EnumerateArray())
        {
            string file = Path.GetRelativePath(sourceRoot, contract.GetProperty("file").GetString()!).Replace('\\', '/');
            var methods = contract.GetProperty("methods").EnumerateArray()
                .Select(m => new LoadedMethod(
                    m.GetProperty("name").GetString()!,
                    m.GetProperty("params").GetString()!,
                    m.GetProperty("result").ValueKind == JsonValueKind.Null ? null : m.GetProperty("result").GetString(),
                    m.GetProperty("paramsMapping").GetString(),
                    m.GetProperty("resultMapping").ValueKind == JsonValueKind.Null ? null : m.GetProperty("resultMapping").GetString()))
                .ToList();
            contracts.Add(new LoadedContract(contract.GetProperty("service").GetString()!, file, methods));
        }

        return contracts;
    }

    private async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        byte[] packageJson = Resource("package.json");
        byte[] loader = Resource("loader.cjs");
        string key = Convert.ToHexStringLower(SHA256.HashData([.. packageJson, .. loader]))[..16];
        string directory = Path.Combine(cacheRoot, key);
        if (File.Exists(Path.Combine(directory, InstalledMarker)))
        {
            return directory;
        }

        string npm = FindOnPath("npm") ?? throw new CodegenException(
            "clamator-codegen installs its npm packages on first use, and 'npm' is not on PATH. Install Node.js with npm.");
        await log.WriteLineAsync($"clamator-codegen: first use, installing esbuild, zod and zod-to-json-schema into {directory}").ConfigureAwait(false);
        string staging = directory + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(staging, "package.json"), packageJson, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(staging, "loader.cjs"), loader, cancellationToken).ConfigureAwait(false);
            ProcessResult install = await RunAsync(
                npm, staging, ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", "--no-package-lock"], InstallTimeout,
                cancellationToken).ConfigureAwait(false);
            if (install.ExitCode != 0)
            {
                throw new CodegenException($"npm install of the contract loader's packages failed (exit {install.ExitCode}): {install.Error.Trim()}");
            }

            await File.WriteAllTextAsync(Path.Combine(staging, InstalledMarker), key, cancellationToken).ConfigureAwait(false);
            try
            {
                Directory.Move(staging, directory);
            }
            catch (IOException) when (File.Exists(Path.Combine(directory, InstalledMarker)))
            {
                // Another run installed the same versions first; use theirs.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return directory;
    }

    private static byte[] Resource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private string? FindOnPath(string program) =>
        searchPath
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static async Task<ProcessResult> RunAsync(
        string program, string workingDirectory, IEnumerable<string> arguments, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await RunUntilAsync(program, workingDirectory, arguments, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CodegenException($"'{Path.GetFileName(program)}' did not finish within {limit.TotalSeconds:0} s and was stopped.");
        }
    }

    private static async Task<ProcessResult> RunUntilAsync(
        string program, string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new CodegenException($"Could not start '{program}'.");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error);
}
