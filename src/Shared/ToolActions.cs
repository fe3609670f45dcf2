using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Clamator.CommandLine;

/// <summary>The help and version actions of this project's tools (linked into each tool; not a public type).</summary>
internal static class ToolActions
{
    /// <summary>Makes <c>--help</c> print the standard help and then <paramref name="notes"/>, and <c>--version</c> print <paramref name="version"/>.</summary>
    public static void Install(RootCommand root, string notes, string version)
    {
        HelpOption help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithNotes((HelpAction)help.Action!, notes);
        root.Options.OfType<VersionOption>().Single().Action = new PrintText(version);
    }

    private sealed class HelpWithNotes(HelpAction help, string notes) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(notes);
            return code;
        }
    }

    private sealed class PrintText(string text) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(text);
            return 0;
        }
    }
}
