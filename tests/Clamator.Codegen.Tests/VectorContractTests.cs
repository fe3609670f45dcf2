using System.Text.Json;
using Clamator.Tests;
using Xunit;

namespace Clamator.Codegen.Tests;

/// <summary>clamator-codegen on the vector contracts (<c>spec/vectors/contracts</c>): hashes, committed sample code, determinism and drift checks.</summary>
public sealed class VectorContractTests
{
    private static string VectorContracts => Path.Combine(RepoPaths.Vectors, "contracts");

    [Fact]
    public async Task Committed_sample_code_matches_a_fresh_generation()
    {
        string generated = Path.Combine(RepoPaths.Root, "samples", "Arith.Contracts", "Generated");

        var (code, output, error) = await CodegenRun.RunAsync(
        [
            "--src", VectorContracts, "--out-cs", generated,
            "--namespace", "Arith", "--manifest", Path.Combine(generated, "manifest.json"), "--check",
        ]);

        Assert.True(code == 0, $"Generated sample code is out of date; run the command in spec/vectors/README.md.\n{output}{error}");
    }

    [Fact]
    public void Vector_contracts_are_kept_once_the_samples_have_no_copy()
    {
        string[] vectors = [.. Directory.EnumerateFiles(VectorContracts, "*.ts").Select(Path.GetFileName)!];
        Assert.Equal(["arith.ts", "kitchen.ts", "notifications.ts"], vectors.Order(StringComparer.Ordinal));
        string[] copies = [.. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "samples"), "*.ts", SearchOption.AllDirectories)
            .Where(f => vectors.Contains(Path.GetFileName(f)))];
        Assert.Empty(copies);
    }

    [Fact]
    public async Task Manifest_hashes_equal_the_shared_vectors()
    {
        using var temp = CodegenRun.Temp();
        string manifestPath = Path.Combine(temp.Path, "manifest.json");

        var (code, _, error) = await CodegenRun.RunAsync(["--src", VectorContracts, "--out-cs", temp.Path, "--namespace", "V", "--manifest", manifestPath]);

        Assert.True(code == 0, error);
        using JsonDocument manifest = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath));
        using JsonDocument vectors = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Vectors, "schema-hashes.json")));
        JsonElement contracts = manifest.RootElement.GetProperty("contracts");
        int methods = 0;
        foreach (JsonElement vector in vectors.RootElement.EnumerateArray())
        {
            JsonElement entry = contracts.GetProperty(vector.GetProperty("service").GetString()!).GetProperty(vector.GetProperty("method").GetString()!);
            Assert.Equal(vector.GetProperty("params").GetProperty("sha256").GetString(), entry.GetProperty("paramsHash").GetString());
            JsonElement result = vector.GetProperty("result");
            Assert.Equal(result.ValueKind == JsonValueKind.Null ? null : result.GetProperty("sha256").GetString(), entry.GetProperty("resultHash").GetString());
            methods++;
        }

        Assert.Equal(methods, contracts.EnumerateObject().Sum(s => s.Value.EnumerateObject().Count()));
    }

    [Fact]
    public async Task Manifest_is_sorted_two_space_indented_with_a_trailing_newline()
    {
        using var temp = CodegenRun.Temp();
        string manifestPath = Path.Combine(temp.Path, "manifest.json");

        await CodegenRun.RunAsync(["--src", VectorContracts, "--out-cs", temp.Path, "--namespace", "V", "--manifest", manifestPath]);

        string text = await File.ReadAllTextAsync(manifestPath);
        Assert.StartsWith("{\n  \"generatedBy\": \"clamator-codegen 0.1.0\",\n  \"contracts\": {\n    \"arith\": {\n      \"add\": {\n        " +
            "\"paramsHash\": \"70e6175e", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        using JsonDocument manifest = JsonDocument.Parse(text);
        string[] services = [.. manifest.RootElement.GetProperty("contracts").EnumerateObject().Select(p => p.Name)];
        Assert.Equal(services.Order(StringComparer.Ordinal), services);
        string[] kitchen = [.. manifest.RootElement.GetProperty("contracts").GetProperty("kitchen").EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["everything", "reset", "shape"], kitchen);
        Assert.Equal(JsonValueKind.Null,
            manifest.RootElement.GetProperty("contracts").GetProperty("kitchen").GetProperty("reset").GetProperty("resultHash").ValueKind);
    }

    [Fact]
    public async Task Regenerating_is_byte_identical()
    {
        using var first = CodegenRun.Temp();
        using var second = CodegenRun.Temp();

        await CodegenRun.RunAsync(["--src", VectorContracts, "--out-cs", first.Path, "--namespace", "V", "--manifest", Path.Combine(first.Path, "m.json")]);
        await CodegenRun.RunAsync(["--src", VectorContracts, "--out-cs", second.Path, "--namespace", "V", "--manifest", Path.Combine(second.Path, "m.json")]);
        var (code, output, _) = await CodegenRun.RunAsync(
            ["--src", VectorContracts, "--out-cs", first.Path, "--namespace", "V", "--manifest", Path.Combine(first.Path, "m.json")]);

        Assert.Equal(0, code);
        Assert.Contains("4 file(s) generated, 0 changed", output, StringComparison.Ordinal);
        string[] names = [.. Directory.EnumerateFiles(first.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["Arith.g.cs", "Kitchen.g.cs", "Notifications.g.cs", "m.json"], names);
        foreach (string name in names)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first.Path, name)), await File.ReadAllBytesAsync(Path.Combine(second.Path, name)));
        }
    }

    [Fact]
    public async Task Each_file_names_the_tool_its_version_and_its_source()
    {
        using var temp = CodegenRun.Temp();

        await CodegenRun.RunAsync(["--src", VectorContracts, "--out-cs", temp.Path, "--namespace", "V"]);

        string[] header = [.. File.ReadLines(Path.Combine(temp.Path, "Kitchen.g.cs")).Take(4)];
        Assert.Equal("// <auto-generated>", header[0]);
        Assert.Equal("//     Generated by clamator-codegen 0.1.0 from kitchen.ts (service \"kitchen\").", header[1]);
        Assert.Contains("Do not edit", header[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_names_every_file_that_would_change_and_writes_nothing()
    {
        using var temp = CodegenRun.Temp();
        string[] args = ["--src", VectorContracts, "--out-cs", temp.Path, "--namespace", "V", "--manifest", Path.Combine(temp.Path, "m.json")];
        await CodegenRun.RunAsync(args);
        string kitchen = Path.Combine(temp.Path, "Kitchen.g.cs");
        await File.AppendAllTextAsync(kitchen, "// edited\n");
        File.Delete(Path.Combine(temp.Path, "Arith.g.cs"));
        string stale = temp.Write("Old.g.cs", "// <auto-generated>\n//     Generated by clamator-codegen 0.9.0 from old.ts (service \"old\").\n");
        string handWritten = temp.Write("Mine.g.cs", "// not generated by the tool\n");

        var (code, output, _) = await CodegenRun.RunAsync([.. args, "--check"]);

        Assert.Equal(1, code);
        Assert.Contains("would update", output, StringComparison.Ordinal);
        Assert.Contains("Kitchen.g.cs", output, StringComparison.Ordinal);
        Assert.Contains("would create", output, StringComparison.Ordinal);
        Assert.Contains("Arith.g.cs", output, StringComparison.Ordinal);
        Assert.Contains("would delete", output, StringComparison.Ordinal);
        Assert.Contains("Old.g.cs", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Mine.g.cs", output, StringComparison.Ordinal);
        Assert.EndsWith("// edited\n", await File.ReadAllTextAsync(kitchen), StringComparison.Ordinal);
        Assert.True(File.Exists(stale));

        Assert.Equal(0, (await CodegenRun.RunAsync(args)).ExitCode);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(handWritten));
        Assert.Equal(0, (await CodegenRun.RunAsync([.. args, "--check"])).ExitCode);
    }
}
