using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Clamator.Tests;

/// <summary>
/// A redis-server (or a Redis Sentinel) the tests start on a free loopback port and stop afterwards. Never persists
/// anything but a sentinel's own config file.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(30);
    private Process? _process;
    private System.Text.StringBuilder _output = new();

    private readonly string[] _extraArguments;
    private readonly string? _sentinelConfig;

    private RedisServerProcess(int port, string[] extraArguments, string? sentinelConfig = null)
    {
        Port = port;
        _extraArguments = extraArguments;
        _sentinelConfig = sentinelConfig;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>What the process has printed so far (its log), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server on a free port; <paramref name="extraArguments"/> (e.g. cluster settings) follow the defaults.</summary>
    public static Task<RedisServerProcess> StartAsync(params string[] extraArguments) => StartAsync(FreePort(), extraArguments);

    /// <summary>Starts a server on <paramref name="port"/>.</summary>
    public static async Task<RedisServerProcess> StartAsync(int port, params string[] extraArguments)
    {
        var server = new RedisServerProcess(port, extraArguments);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>
    /// Starts a sentinel on <paramref name="port"/> from <paramref name="configFile"/> (which it rewrites, so it must be
    /// writable): <c>redis-sentinel</c>, or <c>redis-server --sentinel</c> where only redis-server is installed.
    /// </summary>
    public static async Task<RedisServerProcess> StartSentinelAsync(int port, string configFile)
    {
        var sentinel = new RedisServerProcess(port, [], configFile);
        await sentinel.StartProcessAsync();
        return sentinel;
    }

    /// <summary>Stops the server abruptly and starts an empty one on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartProcessAsync()
    {
        string[] defaults = ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly",
            "no", "--protected-mode", "no"];
        Process process;
        if (_sentinelConfig is null)
        {
            process = Launch("redis-server", [.. defaults, .. _extraArguments])
                ?? throw new InvalidOperationException(
                    "redis-server is not installed, and the Redis transport tests need it. Run the README's test command (./test.sh), which installs it with " +
                    "apt-get.");
        }
        else
        {
            process = Launch("redis-sentinel", [_sentinelConfig, .. defaults])
                ?? Launch("redis-server", [_sentinelConfig, "--sentinel", .. defaults])
                ?? throw new InvalidOperationException(
                    "Neither redis-sentinel nor redis-server is installed, and the Sentinel tests need one. Run the README's test command (./test.sh), which " +
                    "installs them with apt-get.");
        }

        // A sentinel never says "Ready to accept connections"; it listens before it announces what it monitors.
        string readyLine = _sentinelConfig is null ? "Ready to accept connections" : "+monitor master";

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = _output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"{process.StartInfo.FileName} exited before it was ready:\n{output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains(readyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartGuard);
        }
        catch
        {
            // Never leave a process behind that the caller has no handle on.
            await StopAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="program"/>, or returns <see langword="null"/> when it is not installed.</summary>
    private static Process? Launch(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
