using System.Reflection;
using Xunit;

namespace Clamator.Codegen.Tests;

/// <summary>Bad command lines and bad contract folders: a clear message and a distinct exit code, never a crash.</summary>
public sealed class CodegenErrorTests
{
    private const string Contract = """
        import { z } from 'zod';
        import { defineContract, defineMethod } from '@clamator/protocol';
        export const c = defineContract('SERVICE', { add: defineMethod({ params: z.object({ a: z.number() }), result: z.object({ s: z.number() }) }) });
        """;

    [Fact]
    public async Task No_arguments_print_the_usage()
    {
        var (code, output, _) = await CodegenRun.RunAsync([]);

        Assert.Equal(2, code);
        Assert.Contains("Usage:\n  clamator-codegen [options]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_names_every_option_and_exits_0(string flag)
    {
        var (code, output, error) = await CodegenRun.RunAsync([flag]);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("Usage:\n  clamator-codegen [options]", output, StringComparison.Ordinal);
        foreach (string option in new[] { "--src <dir>", "--out-cs <dir>", "--namespace <ns>", "--manifest <file>", "--check", "--help", "--version" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 done, 1 drift (--check), 2 bad command line, 3 contracts unreadable.", output, StringComparison.Ordinal);
        Assert.Contains("Needs Node.js on PATH", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_informational_version_and_exits_0()
    {
        string expected = typeof(CodegenCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (code, output, error) = await CodegenRun.RunAsync(["--version"]);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal(expected + Environment.NewLine, output);
        Assert.StartsWith(CodegenCommand.Version, expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [InlineData(new[] { "--src", ".", "--out-cs", "x", "--namespace", "N", "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [InlineData(new[] { "--src", "." }, "Option '--out-cs' is required. Option '--namespace' is required.")]
    [InlineData(new[] { "--src", ".", "--out-cs", "x", "--namespace" }, "Required argument missing for option: '--namespace'.")]
    [InlineData(new[] { "--src", ".", "--out-cs", "--namespace", "N" }, "'--out-cs' needs a value.")]
    [InlineData(new[] { "--src", ".", "--out-cs", "x", "--namespace", "1bad.ns" }, "is not a C# namespace")]
    [InlineData(new[] { "--src", "/nonexistent/contracts", "--out-cs", "x", "--namespace", "N" }, "does not exist")]
    [InlineData(new[] { "--src", ".", "--src", ".", "--out-cs", "x", "--namespace", "N" }, "Option '--src' expects a single argument but 2 were provided.")]
    public async Task Bad_command_lines_exit_2_with_the_reason_on_one_line(string[] args, string message)
    {
        var (code, output, error) = await CodegenRun.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("clamator-codegen: ", error, StringComparison.Ordinal);
        Assert.EndsWith(" (see clamator-codegen --help)" + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "No TypeScript files")]
    [InlineData("export const x = 1;\n", "No contract found")]
    [InlineData("export const = ;\n", "broken.ts")]
    [InlineData("throw new Error('boom at load');\n", "boom at load")]
    [InlineData("import { nope } from 'not-installed-anywhere';\nexport const x = nope;\n", "not-installed-anywhere")]
    [InlineData("import { defineContract, defineMethod } from '@clamator/protocol';\nexport const c = defineContract('svc', { m: defineMethod({ params: 5 }) " +
        "});\n", "svc.m has no Zod params schema")]
    [InlineData(Contract, "service name 'SERVICE' is invalid")]
    [InlineData("import { z } from 'zod/v4';\nimport { defineContract, defineNotification } from '@clamator/protocol';\nexport const c = " +
        "defineContract('svc', { n: defineNotification({ params: z.object({}) }) });\n", "uses Zod 4 schemas")]
    public async Task Bad_contract_folders_exit_3_with_the_reason(string? contract, string message)
    {
        using var src = CodegenRun.Temp();
        using var output = CodegenRun.Temp();
        if (contract is not null)
        {
            src.Write("broken.ts", contract);
        }

        var (code, _, error) = await CodegenRun.RunAsync(["--src", src.Path, "--out-cs", output.Path, "--namespace", "N"]);

        Assert.Equal(3, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task Two_files_defining_one_service_are_refused()
    {
        using var src = CodegenRun.Temp();
        using var output = CodegenRun.Temp();
        src.Write("a.ts", Contract.Replace("SERVICE", "dup", StringComparison.Ordinal));
        src.Write("b.ts", Contract.Replace("SERVICE", "dup", StringComparison.Ordinal));

        var (code, _, error) = await CodegenRun.RunAsync(["--src", src.Path, "--out-cs", output.Path, "--namespace", "N"]);

        Assert.Equal(3, code);
        Assert.Contains("Service 'dup' is defined more than once: a.ts, b.ts", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_node_is_named()
    {
        using var src = CodegenRun.Temp();
        using var emptyPath = CodegenRun.Temp();
        src.Write("a.ts", Contract);

        var (code, _, error) = await CodegenRun.RunAsync(["--src", src.Path, "--out-cs", src.Path, "--namespace", "N"], searchPath: emptyPath.Path);

        Assert.Equal(3, code);
        Assert.Contains("needs Node.js", error, StringComparison.Ordinal);
        Assert.Contains("'node' is not on PATH", error, StringComparison.Ordinal);
    }
}
