using Xunit;

namespace Clamator.Docs.Tests;

/// <summary>
/// Every <c>```csharp</c> block of <c>README.md</c> and <c>docs/*.md</c> compiles, so no snippet a reader copies can rot.
/// <para>
/// The convention, for whoever writes a snippet: <b>every <c>```csharp</c> block is a complete C# file</b>. It
/// brings its own <c>using</c>s (the SDK's implicit usings are assumed: System, System.Collections.Generic, System.IO,
/// System.Linq, System.Net.Http, System.Threading, System.Threading.Tasks); with top-level statements it is a program
/// (<c>args</c> is there), otherwise a library. It may use every Clamator package, Microsoft.Extensions.Hosting,
/// health checks, OpenTelemetry.Extensions.Hosting and its console exporter, and the sample contracts of
/// <c>samples/Arith.Contracts</c> (namespace <c>Arith</c>: <c>ArithContract</c>, <c>ArithClient</c>, <c>ArithService</c>,
/// <c>AddParams</c> …); the Clamator source generator runs, so <c>[ClamatorContract]</c> interfaces get their
/// client and contract. A warning fails as an error does. Text that is not a complete file is not C# to this test:
/// fence it as <c>```text</c> (output) or write the whole file. A block may also be a verbatim copy of a compiled file
/// (the README's quickstart is <c>samples/Quickstart/Program.cs</c>, checked by <c>ReadmeTests</c>); it compiles here too.
/// </para>
/// </summary>
public sealed class DocSnippetTests
{
    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (MarkdownSnippet snippet in DocFiles.Snippets())
        {
            data.Add(snippet.File, snippet.Line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles_without_a_warning(string file, int line)
    {
        MarkdownSnippet snippet = DocFiles.Snippets().Single(s => s.File == file && s.Line == line);

        IReadOnlyList<string> diagnostics = SnippetCompiler.Diagnose(snippet.Code, snippet.File, snippet.Line);

        Assert.True(diagnostics.Count == 0, $"The ```csharp block at {snippet} does not compile:\n{string.Join('\n', diagnostics)}");
    }

    [Fact]
    public void The_readme_and_every_docs_page_are_read()
    {
        IReadOnlyList<string> files = DocFiles.Markdown();

        Assert.Contains("README.md", files);
        Assert.Contains("docs/architecture.md", files);
        Assert.Contains(DocFiles.Snippets(), s => s.File == "README.md");
    }

    [Fact]
    public void A_snippet_naming_what_does_not_exist_is_refused_with_its_markdown_line()
    {
        // The README's Redis snippet before it was checked: there is no SumResult, and AddParams has no constructor.
        const string Broken = """
            using Arith;
            using Clamator;
            using Clamator.OverRedis;

            await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = "redis://localhost:6379", KeyPrefix = "myapp" });
            await client.StartAsync();
            SumResult sum = await client.CallAsync(ArithContract.Add, new AddParams(2, 3));
            """;

        IReadOnlyList<string> diagnostics = SnippetCompiler.Diagnose(Broken, "README.md", 100);

        Assert.Contains(diagnostics, d => d.StartsWith("README.md:106: CS0246", StringComparison.Ordinal) && d.Contains("SumResult", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.StartsWith("README.md:106: CS1729", StringComparison.Ordinal) && d.Contains("AddParams", StringComparison.Ordinal));
    }

    [Fact]
    public void A_contract_snippet_gets_its_generated_client_and_a_broken_one_its_clamator_diagnostic()
    {
        const string Contract = """
            using Clamator;

            public sealed record PingParams(string Tag);

            [ClamatorContract("pinger")]
            public partial interface IPinger
            {
                [ClamatorNotification]
                Task PingAsync(PingParams p, CancellationToken cancellationToken = default);
            }

            public static class Use
            {
                public static Task Ping(IClamatorClient client) => new PingerClient(client).PingAsync(new PingParams("x"));
            }
            """;

        Assert.Empty(SnippetCompiler.Diagnose(Contract));
        Assert.Contains(SnippetCompiler.Diagnose(Contract.Replace("Task PingAsync", "Task<int> PingAsync", StringComparison.Ordinal)), d =>
            d.Contains(": CLAM", StringComparison.Ordinal));
    }
}
