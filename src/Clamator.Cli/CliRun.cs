using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Clamator.OverRedis;
using Spectre.Console;
using StackExchange.Redis;

namespace Clamator.Cli;

/// <summary>One command's run: the console, the Redis URL and prefix it was given, and how it writes tables and JSON.</summary>
internal sealed class CliRun(CliConsole console, string url, string prefix)
{
    /// <summary>
    /// Width of tables when stdout is not a terminal (a file, a pipe, a test) and <c>$COLUMNS</c> does not say, so rows are
    /// not wrapped at 80 columns.
    /// </summary>
    private const int RedirectedWidth = 160;

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private IAnsiConsole? _ansi;

    public CliConsole Console => console;

    public string Url => url;

    public string Prefix => prefix;

    /// <summary>Spectre.Console on stdout: colours and live views on a terminal, plain text otherwise.</summary>
    public IAnsiConsole Ansi => _ansi ??= CreateAnsi();

    /// <summary>
    /// Connects the admin API. When Redis cannot be reached it throws a <see cref="ClamatorTransportException"/> (exit code 3)
    /// whose one line says why (<see cref="ConnectionFailure"/>): a TCP probe of the endpoint runs beside the connection,
    /// so a refused port or an unknown host is reported as soon as the operating system says so.
    /// </summary>
    public async Task<RedisAdmin> AdminAsync(CancellationToken cancellationToken)
    {
        ConfigurationOptions config = RedisUrl.Parse(url);

        // One attempt of ConnectTimeout, not StackExchange.Redis's three: an operator waits 5 s at most, not 15.
        config.ConnectRetry = 1;
        EndPoint endPoint = config.EndPoints[0];
        TimeSpan timeout = TimeSpan.FromMilliseconds(config.ConnectTimeout);
        Task<RedisAdmin> connect = RedisAdmin.ConnectAsync(config, prefix, console.Time, cancellationToken);
        Task<ProbeOutcome> probe = ConnectionProbe.ProbeAsync(endPoint, timeout);
        if (await Task.WhenAny(connect, probe).ConfigureAwait(false) == probe && await probe.ConfigureAwait(false) is not ProbeOutcome.Accepted and var early)
        {
            // The operating system has said why; the connection attempt would only say it later, less clearly.
            Abandon(connect);
            throw new ClamatorTransportException(
                ClamatorTransportErrorKind.ConnectionFailed,
                ConnectionFailure.Describe(endPoint, config.User, ClamatorTransportErrorKind.ConnectionFailed, early, timeout, null));
        }

        try
        {
            return await connect.ConfigureAwait(false);
        }
        catch (ClamatorTransportException e)
        {
            ProbeOutcome? outcome = e.Kind == ClamatorTransportErrorKind.AuthenticationFailed ? null : await probe.ConfigureAwait(false);
            throw new ClamatorTransportException(e.Kind, ConnectionFailure.Describe(endPoint, config.User, e.Kind, outcome, timeout, e), e);
        }
    }

    /// <summary>Writes one JSON document (indented, or one compact line with <paramref name="line"/>) and a newline to stdout.</summary>
    public async Task WriteJsonAsync(Action<Utf8JsonWriter> write, bool line = false)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, line ? Compact : Indented))
        {
            write(writer);
        }

        await console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
        await console.Out.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes <c>clamator: message</c> to stderr.</summary>
    public Task ErrorAsync(string message) => console.Error.WriteLineAsync($"{ClamatorCommand.Name}: {Secrets.Scrub(message)}");

    /// <summary><c>$COLUMNS</c>, the width a shell exports, when it is a sensible number of columns.</summary>
    private int? Columns() =>
        int.TryParse(console.Environment("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int columns)
        && columns is >= 20 and <= 10_000
            ? columns
            : null;

    /// <summary>Lets a connection attempt that is no longer awaited end on its own: its failure observed, its success closed.</summary>
    private static void Abandon(Task<RedisAdmin> connect) =>
        _ = connect.ContinueWith(
            async t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    await t.Result.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    _ = t.Exception;
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private IAnsiConsole CreateAnsi()
    {
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.OutputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = console.OutputIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!console.OutputIsTerminal)
        {
            ansi.Profile.Width = Columns() ?? RedirectedWidth;
        }

        return ansi;
    }
}
