using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;

namespace Clamator.Codegen;

/// <summary>The parsed command line.</summary>
internal sealed record CodegenArguments(string Source, string OutputCs, string Namespace, string? Manifest, bool Check)
{
    /// <summary>The command's name, as installed (<c>ToolCommandName</c>) and as it prefixes every error line.</summary>
    public const string Name = "clamator-codegen";

    /// <summary>What <c>--help</c> adds after the options.</summary>
    public const string Notes = """
        Exit codes: 0 done, 1 drift (--check), 2 bad command line, 3 contracts unreadable.
        Needs Node.js on PATH; pinned npm packages are installed on first use into
        $CLAMATOR_CODEGEN_CACHE (default: ~/.cache/clamator-codegen).
        """;

    /// <summary>The tool's informational version (what <c>--version</c> prints).</summary>
    public static string InformationalVersion { get; } =
        typeof(CodegenArguments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? CodegenCommand.Version;

    /// <summary>
    /// The command line: <c>--src</c>, <c>--out-cs</c>, <c>--namespace</c>, <c>--manifest</c>, <c>--check</c>, <c>--help</c>
    /// (with <see cref="Notes"/>) and <c>--version</c> (<see cref="InformationalVersion"/>); <paramref name="run"/> gets the
    /// arguments once they parse.
    /// </summary>
    public static RootCommand Command(Func<CodegenArguments, CancellationToken, Task<int>> run)
    {
        var source = new Option<string>("--src")
        {
            Description = "folder of TypeScript contract files (*.ts, searched recursively; node_modules skipped)",
            HelpName = "dir",
            Required = true,
            Validators = { result => Refuse(result, dir => Directory.Exists(dir) ? null : $"Contract folder '{dir}' does not exist.") },
        };
        var output = new Option<string>("--out-cs")
        {
            Description = "folder for the generated C# (one <Service>.g.cs per service)",
            HelpName = "dir",
            Required = true,
            Validators = { result => Refuse(result) },
        };
        var ns = new Option<string>("--namespace")
        {
            Description = "C# namespace of the generated types",
            HelpName = "ns",
            Required = true,
            Validators = { result =>
            Refuse(result, name => IsNamespace(name) ? null : $"'{name}' is not a C# namespace (dotted identifiers such as 'Acme.Contracts').") },
        };
        var manifest = new Option<string>("--manifest")
        {
            Description = "also write the schema-hash manifest (docs/protocol.md §10.4)",
            HelpName = "file",
            Validators = { result => Refuse(result) },
        };
        var check = new Option<bool>("--check")
        {
            Description = "write nothing; exit 1 and name the files that would change",
        };

        var root = new RootCommand(
            "Generates C# contracts (records, validation, [ClamatorContract] interfaces) and schema manifests from TypeScript/Zod contracts.")
        {
            source, output, ns, manifest, check,
        };
        root.HelpName = Name;
        Clamator.CommandLine.ToolActions.Install(root, Notes, InformationalVersion);
        root.SetAction((result, cancellationToken) =>
        {
            string? manifestPath = result.GetValue(manifest);
            var arguments = new CodegenArguments(
                Path.GetFullPath(result.GetRequiredValue(source)),
                Path.GetFullPath(result.GetRequiredValue(output)),
                result.GetRequiredValue(ns),
                manifestPath is null ? null : Path.GetFullPath(manifestPath),
                result.GetValue(check));
            return run(arguments, cancellationToken);
        });
        return root;
    }

    /// <summary>
    /// The parse errors of <paramref name="result"/> as one line (<c>clamator-codegen: ... (see --help)</c>), or
    /// <see langword="null"/> when it parsed or asked for help.
    /// </summary>
    public static string? ErrorLine(ParseResult result) =>
        result.Errors.Count == 0 || result.Action is { ClearsParseErrors: true }
            ? null
            : $"{Name}: {string.Join(" ", result.Errors.Select(e => e.Message.ReplaceLineEndings(" ")).Distinct())} (see {Name} --help)";

    /// <summary>
    /// Adds the error <paramref name="problem"/> finds in the option's value; a value that is another option
    /// (<c>--out-cs --namespace N</c>) is reported as missing.
    /// </summary>
    private static void Refuse(OptionResult result, Func<string, string?>? problem = null)
    {
        if (result.Tokens is not [{ Value: var value }])
        {
            return;
        }

        if (value.StartsWith("--", StringComparison.Ordinal))
        {
            result.AddError($"'{result.Option.Name}' needs a value.");
        }
        else if (problem?.Invoke(value) is { } message)
        {
            result.AddError(message);
        }
    }

    private static bool IsNamespace(string ns) =>
        ns.Split('.').All(part =>
        part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_') && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
}
