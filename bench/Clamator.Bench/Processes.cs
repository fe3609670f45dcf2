using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>The processes the benchmark starts: the Arith server under load, a private redis-server, redis-benchmark.</summary>
internal static class Processes
{
    public static string RepoRoot { get; } = FindRoot();

    public static async Task<Process> StartArithServerAsync(string redisUrl, string keyPrefix, int maxConcurrency)
    {
        string configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string dll = Path.Combine(RepoRoot, "samples", "Arith.Server", "bin", configuration, "net10.0", "Arith.Server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing; build the solution first.");
        }

        var info = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["REDIS_URL"] = redisUrl;
        info.Environment["KEY_PREFIX"] = keyPrefix;
        info.Environment["MAX_CONCURRENCY"] = maxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Process process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "READY")
            {
                return process;
            }
        }

        throw new InvalidOperationException("Arith.Server exited before READY.");
    }

    public static async Task StopGracefullyAsync(Process process)
    {
        using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    public static async Task<(Process Process, int Port)> StartRedisAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo(
            "redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly",
            "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return (process, port);
            }
        }

        throw new InvalidOperationException("redis-server exited before it was ready.");
    }

    /// <summary>Runs redis-benchmark and returns its requests per second.</summary>
    public static async Task<double> RedisBenchmarkAsync(string host, int port, params string[] command)
    {
        var info = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in (string[])["-h", host, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", .. command])
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        // "XADD ...: 83333.34 requests per second, p50=0.303 msec" (the last \r-separated progress line).
        string last = output.Split('\r', '\n').Last(l => l.Contains("requests per second", StringComparison.Ordinal));
        string head = last[..last.IndexOf(" requests per second", StringComparison.Ordinal)];
        string number = head[(head.LastIndexOf(' ') + 1)..];
        return double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clamator.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Clamator.slnx).");
    }
}
