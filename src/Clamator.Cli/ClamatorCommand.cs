using System.CommandLine;
using System.Reflection;
using StackExchange.Redis;

namespace Clamator.Cli;

/// <summary>Parses and runs a <c>clamator</c> command line; failures become one line on stderr and an exit code.</summary>
internal static class ClamatorCommand
{
    /// <summary>The command's name, as installed (<c>ToolCommandName</c>) and as it prefixes every error line.</summary>
    public const string Name = "clamator";

    /// <summary>What <c>--help</c> adds after the standard help.</summary>
    public const string Notes = """
        Exit codes: 0 done; 1 a JSON-RPC error (call: the error object on stderr) or another failure;
        2 bad command line, or a destructive command without --yes when stdin is not a terminal;
        3 Redis unreachable or failing, a call that timed out, a service nobody serves, or a prefix with no services;
        130 interrupted.
        """;

    /// <summary>The tool's informational version (what <c>--version</c> prints).</summary>
    public static string Version { get; } =
        typeof(ClamatorCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ClamatorCommand).Assembly.GetName().Version!.ToString(3);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        RootCommand root = Build(console);
        var invocation = new InvocationConfiguration
        {
            Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null
        };
        if (args.Count == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
        {
            // A token echoed back (an unknown argument, a bad --url) may be a URL with a password in it.
            string reasons = string.Join(" ", parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ")).Distinct());
            await console.Error.WriteLineAsync($"{Name}: {Secrets.Scrub(reasons)} (see {Name} --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"{Name}: interrupted.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (ExitCode(e) is { } code)
        {
            await console.Error.WriteLineAsync($"{Name}: {Head(e.Message)}").ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The exit code of a failure that is reported as one line; <see langword="null"/> for a bug (it propagates).</summary>
    private static int? ExitCode(Exception e) => e switch
    {
        ClamatorTransportException or RedisException or TimeoutException => ExitCodes.Transport,
        ArgumentException => ExitCodes.Usage,
        ClamatorProtocolException or InvalidOperationException => ExitCodes.Failure,
        _ => null,
    };

    /// <summary>A message up to StackExchange.Redis's diagnostics (" - ..."), on one line, without any URL's password.</summary>
    private static string Head(string message)
    {
        int diagnostics = message.IndexOf(" - ", StringComparison.Ordinal);
        return Secrets.Scrub((diagnostics > 0 ? message[..diagnostics] : message).ReplaceLineEndings(" ").Trim());
    }

    private static RootCommand Build(CliConsole console)
    {
        var options = new CliOptions(console);
        var root = new RootCommand("The operator's command line for a Clamator deployment on Redis Streams.")
        {
            options.Url,
            options.Prefix,
            InspectCommand.Create(options, console),
            CallCommand.Create(options, console, notification: false),
            CallCommand.Create(options, console, notification: true),
            DeadCommand.Create(options, console),
            ConsumersCommand.Create(options, console),
            RepliesCommand.Create(options, console),
            WatchCommand.Create(options, console),
        };
        root.HelpName = Name;
        Clamator.CommandLine.ToolActions.Install(root, Notes, Version);
        return root;
    }

    /// <summary>Runs <paramref name="action"/> with the command's <see cref="CliRun"/>.</summary>
    public static void SetAction(Command command, CliOptions options, CliConsole console, Func<ParseResult, CliRun, CancellationToken, Task<int>> action) =>
        command.SetAction((result, cancellationToken) =>
            action(result, new CliRun(console, options.UrlOf(result), result.GetRequiredValue(options.Prefix)), cancellationToken));
}
