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
        Assert.Contains("Usage: clamator-codegen --src <dir>", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown argument '--bogus'")]
    [InlineData(new[] { "--src", "." }, "Missing required argument(s): --out-cs, --namespace")]
    [InlineData(new[] { "--src", ".", "--out-cs", "x", "--namespace" }, "'--namespace' needs a value")]
    [InlineData(new[] { "--src", ".", "--out-cs", "x", "--namespace", "1bad.ns" }, "is not a C# namespace")]
    [InlineData(new[] { "--src", "/nonexistent/contracts", "--out-cs", "x", "--namespace", "N" }, "does not exist")]
    public async Task Bad_command_lines_exit_2_with_the_reason(string[] args, string message)
    {
        var (code, _, error) = await CodegenRun.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "No TypeScript files")]
    [InlineData("export const x = 1;\n", "No contract found")]
    [InlineData("export const = ;\n", "broken.ts")]
    [InlineData("throw new Error('boom at load');\n", "boom at load")]
    [InlineData("import { nope } from 'not-installed-anywhere';\nexport const x = nope;\n", "not-installed-anywhere")]
    [InlineData("import { defineContract, defineMethod } from '@clamator/protocol';\nexport const c = defineContract('svc', { m: defineMethod({ params: 5 }) });\n", "svc.m has no Zod params schema")]
    [InlineData(Contract, "service name 'SERVICE' is invalid")]
    [InlineData("import { z } from 'zod/v4';\nimport { defineContract, defineNotification } from '@clamator/protocol';\nexport const c = defineContract('svc', { n: defineNotification({ params: z.object({}) }) });\n", "uses Zod 4 schemas")]
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
