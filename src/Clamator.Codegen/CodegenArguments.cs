namespace Clamator.Codegen;

/// <summary>The parsed command line.</summary>
internal sealed record CodegenArguments(string Source, string OutputCs, string Namespace, string? Manifest, bool Check)
{
    public const string Usage = """
        Usage: clamator-codegen --src <dir> --out-cs <dir> --namespace <ns> [--manifest <file>] [--check]

          --src <dir>        folder of TypeScript contract files (*.ts, searched recursively; node_modules skipped)
          --out-cs <dir>     folder for the generated C# (one <Service>.g.cs per service)
          --namespace <ns>   C# namespace of the generated types
          --manifest <file>  also write the schema-hash manifest (WIRE.md section 4)
          --check            write nothing; exit 1 and name the files that would change

        Needs Node.js on PATH; pinned npm packages are installed on first use into
        $CLAMATOR_CODEGEN_CACHE (default: ~/.cache/clamator-codegen).
        """;

    public static CodegenArguments Parse(IReadOnlyList<string> args)
    {
        string? source = null, output = null, ns = null, manifest = null;
        bool check = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--src":
                    source = Value(args, ref i);
                    break;
                case "--out-cs":
                    output = Value(args, ref i);
                    break;
                case "--namespace":
                    ns = Value(args, ref i);
                    break;
                case "--manifest":
                    manifest = Value(args, ref i);
                    break;
                case "--check":
                    check = true;
                    break;
                default:
                    throw new CodegenException($"Unknown argument '{args[i]}'.", ExitCodes.Usage);
            }
        }

        if (source is null || output is null || ns is null)
        {
            string missing = string.Join(", ", new[] { ("--src", source), ("--out-cs", output), ("--namespace", ns) }.Where(a => a.Item2 is null).Select(a => a.Item1));
            throw new CodegenException($"Missing required argument(s): {missing}.", ExitCodes.Usage);
        }

        if (!IsNamespace(ns))
        {
            throw new CodegenException($"'{ns}' is not a C# namespace (dotted identifiers such as 'Acme.Contracts').", ExitCodes.Usage);
        }

        if (!Directory.Exists(source))
        {
            throw new CodegenException($"Contract folder '{source}' does not exist.", ExitCodes.Usage);
        }

        return new CodegenArguments(Path.GetFullPath(source), Path.GetFullPath(output), ns, manifest is null ? null : Path.GetFullPath(manifest), check);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CodegenException($"'{args[i]}' needs a value.", ExitCodes.Usage);
        }

        return args[++i];
    }

    private static bool IsNamespace(string ns) =>
        ns.Split('.').All(part => part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_') && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));
}
