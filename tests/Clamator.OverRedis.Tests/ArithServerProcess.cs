using System.Diagnostics;

namespace Clamator.Tests;

/// <summary>samples/Arith.Server run as a separate process, as deployed; lines of its stdout can be awaited.</summary>
public sealed class ArithServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly System.Text.StringBuilder _stderr = new();

    private ArithServerProcess(Process process) => _process = process;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<ArithServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath());
        foreach ((string key, string value) in environment)
        {
            info.Environment[key] = value;
        }

        var server = new ArithServerProcess(Process.Start(info) ?? throw new InvalidOperationException("Arith.Server did not start."));
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (server._stderr)
                {
                    server._stderr.AppendLine(e.Data);
                }
            }
        };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitForLineAsync(l => l == "READY");
        return server;
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            _waiters.Add((match, seen));
        }

        return seen.Task.WaitAsync(Guard);
    }

    /// <summary>SIGKILL: no drain, no acks, as a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: a graceful stop; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(Guard);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }

    /// <summary>The built sample <paramref name="name"/> (Arith.Server, Arith.Client) of the same configuration as the tests.</summary>
    public static string DllPath(string name = "Arith.Server")
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string path = Path.Combine(RepoPaths.Root, "samples", name, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{name} is not built: {path} is missing.");
    }
}
