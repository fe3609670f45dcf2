using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Clamator.Tests;

/// <summary>
/// A built program of the repository (<c>dotnet &lt;dll&gt;</c>) run as a separate process for as long as a test needs it,
/// as deployed: lines of its stdout can be awaited, and its whole output read. Disposing it kills it if it still runs.
/// </summary>
public sealed class RunningProgram : IAsyncDisposable
{
    /// <summary>Only against a hung or silent program: the tests assert no timing.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _name;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, string What, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly StringBuilder _stderr = new();
    private bool _outputClosed;

    private RunningProgram(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The lines of stdout so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Stderr so far.</summary>
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

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> with <paramref name="environment"/> added to the
    /// test's environment, less <c>$REDIS_URL</c> (a program is told its Redis explicitly).
    /// </summary>
    public static RunningProgram Start(string dll, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args ?? [])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("REDIS_URL");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        string name = Path.GetFileNameWithoutExtension(dll);
        var program = new RunningProgram(Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start."), name);
        program._process.OutputDataReceived += (_, e) => program.OnLine(e.Data);
        program._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (program._stderr)
                {
                    program._stderr.AppendLine(e.Data);
                }
            }
        };
        program._process.BeginOutputReadLine();
        program._process.BeginErrorReadLine();
        return program;
    }

    /// <summary>
    /// The first stdout line (so far or to come) that <paramref name="match"/>es; fails, with the output so far, when the
    /// program closes its stdout (exits) first or prints no such line within a minute.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_outputClosed)
            {
                throw new InvalidOperationException($"{_name} exited before printing {what}.\n{Describe()}");
            }

            _waiters.Add((match, what, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} printed no {what} within {Guard.TotalSeconds:0} s.\n{Describe()}");
        }
    }

    /// <summary>SIGKILL: no drain, as a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: a graceful stop, as Ctrl+C or a container stop; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} did not exit within {Guard.TotalSeconds:0} s of SIGTERM.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// <summary>The output so far, for failure messages (callable under the lines' lock, which is reentrant).</summary>
    public string Describe() => $"--- {_name} stdout ---\n{string.Join('\n', Lines)}\n--- {_name} stderr ---\n{StandardError}";

    private void OnLine(string? line)
    {
        lock (_lines)
        {
            if (line is null)
            {
                _outputClosed = true;
                foreach (var waiter in _waiters)
                {
                    waiter.Seen.TrySetException(new InvalidOperationException($"{_name} exited before printing {waiter.What}.\n{Describe()}"));
                }

                _waiters.Clear();
                return;
            }

            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }
}
