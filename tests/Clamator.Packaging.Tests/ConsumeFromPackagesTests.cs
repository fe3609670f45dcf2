using System.Text.RegularExpressions;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// A project outside the solution that knows Clamator only through the packed packages on a local feed, as a user's
/// project would: it defines a C#-first contract (so the generator has to come from the package), serves it and calls
/// it over memory; a transport's test project derives the compliance suites of Clamator.Testing and runs them; and the
/// tools (clamator-codegen, clamator) install from the same feed.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed partial class ConsumeFromPackagesTests(PackedPackages packed) : IDisposable
{
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "clamator-consumer-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_project_referencing_only_the_packages_builds_and_serves_a_csharp_first_contract_over_memory()
    {
        string project = Path.Combine(_outside, "Consumer");
        Directory.CreateDirectory(project);
        await WriteFeedConfigAsync();
        await File.WriteAllTextAsync(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Clamator.OverMemory" Version="{packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(RepoPaths.Root, "samples", "Quickstart", "Program.cs"), Path.Combine(project, "Program.cs"));

        var build = await ProgramRun.DotnetAsync(["build", "-c", "Release", "--nologo"], project);
        Assert.True(build.ExitCode == 0, $"The consumer did not build:\n{build.Output}{build.Error}");

        // Restored from the feed, not from the solution: the consumer's private package folder holds the packed versions.
        Assert.True(Directory.Exists(Path.Combine(_outside, "packages", "clamator.protocol", packed.Version)));
        Assert.True(Directory.Exists(Path.Combine(_outside, "packages", "clamator.overmemory", packed.Version)));

        var run = await ProgramRun.DotnetAsync([Path.Combine(project, "bin", "Release", "net10.0", "Consumer.dll")], project);
        Assert.Equal((0, "Hello, Ada\n", ""), (run.ExitCode, run.Output, run.Error));
    }

    [Fact]
    public async Task A_test_project_referencing_only_the_packages_runs_both_compliance_suites_over_memory_and_all_pass()
    {
        string project = Path.Combine(_outside, "TransportTests");
        Directory.CreateDirectory(project);
        await WriteFeedConfigAsync();
        await File.WriteAllTextAsync(Path.Combine(project, "TransportTests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Clamator.Testing" Version="{packed.Version}" />
                <PackageReference Include="Clamator.OverMemory" Version="{packed.Version}" />
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
            </Project>
            """);
        // A transport author's two derived classes: the in-memory transport's, as its package README shows them.
        File.Copy(Path.Combine(RepoPaths.Root, "tests", "Clamator.OverMemory.Tests", "MemoryPipelineTests.cs"),
            Path.Combine(project, "MemoryPipelineTests.cs"));
        await File.WriteAllTextAsync(Path.Combine(project, "MemoryTransportTests.cs"), """
            using Clamator;
            using Clamator.OverMemory;
            using Clamator.Testing;
            using Clamator.Transport;

            public sealed class MemoryTransportTests : TransportComplianceTests
            {
                private readonly MemoryBus _bus = new();

                protected override IRpcServer NewServer(TimeSpan? shutdownGrace = null, RpcServerLimits? limits = null) =>
                    new MemoryRpcServer(_bus, shutdownGrace, limits: limits);

                protected override IRpcClient NewClient(TimeSpan? defaultTimeout = null) => new MemoryRpcClient(_bus, defaultTimeout);
            }
            """);

        var build = await ProgramRun.DotnetAsync(["build", "-c", "Release", "--nologo"], project);
        Assert.True(build.ExitCode == 0, $"The test project did not build:\n{build.Output}{build.Error}");
        Assert.True(Directory.Exists(Path.Combine(_outside, "packages", "clamator.testing", packed.Version)));

        var test = await ProgramRun.DotnetAsync(["test", "-c", "Release", "--no-build", "--nologo"], project);
        int suiteTests = new[] { "TransportComplianceTests.cs", "PipelineComplianceTests.cs" }
            .Sum(f => Regex.Count(File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Clamator.Testing", f)), @"^\s*\[Fact\]", RegexOptions.Multiline));
        Assert.True(test.ExitCode == 0, $"The suites failed over memory:\n{test.Output}{test.Error}");
        Assert.Matches($@"Failed:\s+0, Passed:\s+{suiteTests}, Skipped:\s+0, Total:\s+{suiteTests}\b", test.Output);
    }

    public static TheoryData<string, string> Tools => PackedPackages.ToolData();

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task A_tool_installs_from_the_feed_and_runs(string id, string command)
    {
        Directory.CreateDirectory(_outside);
        string config = await WriteFeedConfigAsync();
        string tools = Path.Combine(_outside, "tools");

        var install = await ProgramRun.DotnetAsync(
            ["tool", "install", id, "--version", packed.Version, "--tool-path", tools, "--configfile", config], _outside);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}{install.Error}");

        var version = await RunToolAsync(Path.Combine(tools, command), "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith(packed.Version, version.Output, StringComparison.Ordinal);

        var bad = await RunToolAsync(Path.Combine(tools, command), "--bogus");
        Assert.Equal(2, bad.ExitCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outside))
        {
            Directory.Delete(_outside, recursive: true);
        }
    }

    /// <summary>
    /// A nuget.config beside the consumer: Clamator packages come only from the feed; everything else from the
    /// machine's package cache (what the solution restored), so the test needs no network; a private package folder
    /// keeps these packages out of the machine's cache.
    /// </summary>
    private async Task<string> WriteFeedConfigAsync()
    {
        string config = Path.Combine(_outside, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_outside, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="clamator-feed" value="{packed.Feed}" />
                <add key="machine-cache" value="{await MachinePackageCacheAsync()}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="clamator-feed">
                  <package pattern="Clamator.*" />
                </packageSource>
                <packageSource key="machine-cache">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return config;
    }

    private static async Task<string> MachinePackageCacheAsync()
    {
        var (code, output, error) = await ProgramRun.DotnetAsync(["nuget", "locals", "global-packages", "--list"]);
        Match folder = GlobalPackages().Match(output);
        Assert.True(code == 0 && folder.Success, $"Cannot find the machine's NuGet package folder:\n{output}{error}");
        return folder.Groups["path"].Value.Trim();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunToolAsync(string tool, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"global-packages:\s*(?<path>.+)")]
    private static partial Regex GlobalPackages();
}
