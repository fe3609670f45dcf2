namespace Clamator.Cli;

/// <summary>What a run of <c>clamator</c> talks to: its streams, whether they are terminals, its environment and its clock.</summary>
internal sealed record CliConsole(
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    bool InputIsTerminal,
    bool OutputIsTerminal,
    Func<string, string?> Environment,
    TimeProvider Time)
{
    /// <summary>The process's console.</summary>
    public static CliConsole System() => new(
        Console.Out,
        Console.Error,
        Console.In,
        !Console.IsInputRedirected,
        !Console.IsOutputRedirected,
        global::System.Environment.GetEnvironmentVariable,
        TimeProvider.System);
}
