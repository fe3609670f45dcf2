using Clamator.Cli;

namespace Clamator.Tests;

/// <summary>Runs <c>clamator</c> in this process on captured streams, as a script runs it (stdin and stdout not terminals) unless told otherwise.</summary>
internal static class CliHarness
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, input: null);

    /// <summary>With <paramref name="environment"/> as the whole environment (<c>REDIS_URL</c>, <c>COLUMNS</c>).</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(args, input: null, environment: environment);

    /// <summary>With <paramref name="input"/>, stdin is a terminal that answers it.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string[] args, string? input, TextWriter? output = null, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var stdout = output ?? new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(
            stdout, stderr, new StringReader(input ?? string.Empty), input is not null, false, name => environment?.GetValueOrDefault(name),
            TimeProvider.System);
        int code = await ClamatorCommand.RunAsync(args, console, cancellationToken);
        return (code, stdout.ToString()!, stderr.ToString());
    }
}

/// <summary>A captured stdout that raises <see cref="Written"/> once <see cref="Marker"/> has been written.</summary>
internal sealed class SignallingWriter(string marker) : StringWriter
{
    public string Marker => marker;

    public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Write(string? value)
    {
        base.Write(value);
        if (ToString().Contains(marker, StringComparison.Ordinal))
        {
            Written.TrySetResult();
        }
    }

    public override void Write(char value)
    {
        base.Write(value);
        if (value == '\n' && ToString().Contains(marker, StringComparison.Ordinal))
        {
            Written.TrySetResult();
        }
    }
}
