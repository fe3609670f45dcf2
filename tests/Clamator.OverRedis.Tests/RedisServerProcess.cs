using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Clamator.Tests;

/// <summary>A redis-server the tests start on a free loopback port and stop afterwards. Never persists anything.</summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(30);
    private Process? _process;

    private readonly string[] _extraArguments;

    private RedisServerProcess(int port, string[] extraArguments)
    {
        Port = port;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port; <paramref name="extraArguments"/> (e.g. cluster settings) follow the defaults.</summary>
    public static Task<RedisServerProcess> StartAsync(params string[] extraArguments) => StartAsync(FreePort(), extraArguments);

    /// <summary>Starts a server on <paramref name="port"/>.</summary>
    public static async Task<RedisServerProcess> StartAsync(int port, params string[] extraArguments)
    {
        var server = new RedisServerProcess(port, extraArguments);
        await server.StartProcessAsync();
        return server;
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
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no" }.Concat(_extraArguments))
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "redis-server is not installed, and the Redis transport tests need it. Run the README's test command (./test.sh), which installs it with apt-get.", ex);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"redis-server exited before it was ready:\n{output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
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
        await ready.Task.WaitAsync(StartGuard);
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
