using System.Text.Encodings.Web;
using System.Text.Json;
using Clamator.OverRedis;
using Spectre.Console;

namespace Clamator.Cli;

/// <summary>One command's run: the console, the Redis URL and prefix it was given, and how it writes tables and JSON.</summary>
internal sealed class CliRun(CliConsole console, string url, string prefix)
{
    /// <summary>Width of tables when stdout is not a terminal (a file, a pipe, a test), so rows are not wrapped at 80 columns.</summary>
    private const int RedirectedWidth = 160;

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private IAnsiConsole? _ansi;

    public CliConsole Console => console;

    public string Url => url;

    public string Prefix => prefix;

    /// <summary>Spectre.Console on stdout: colours and live views on a terminal, plain text otherwise.</summary>
    public IAnsiConsole Ansi => _ansi ??= CreateAnsi();

    /// <summary>Connects the admin API (exit code 3 when Redis cannot be reached).</summary>
    public Task<RedisAdmin> AdminAsync(CancellationToken cancellationToken) => RedisAdmin.ConnectAsync(url, prefix, console.Time, cancellationToken);

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
    public Task ErrorAsync(string message) => console.Error.WriteLineAsync($"{ClamatorCommand.Name}: {message}");

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
            ansi.Profile.Width = RedirectedWidth;
        }

        return ansi;
    }
}
