using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The packages <c>dotnet pack Clamator.slnx</c> writes, packed once per test run into a temporary folder from the
/// build the tests ran against (no rebuild, so test projects running beside this one keep their binaries).
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>One package per shippable project, and nothing else.</summary>
    public static readonly string[] Ids =
        ["Clamator.Cli", "Clamator.Codegen", "Clamator.Hosting", "Clamator.OverMemory", "Clamator.OverRedis", "Clamator.Protocol", "Clamator.Testing"];

    /// <summary>The packages that are dotnet tools, with the command each installs.</summary>
    public static readonly (string Id, string Command)[] Tools = [("Clamator.Cli", "clamator"), ("Clamator.Codegen", "clamator-codegen")];

    /// <summary><see cref="Tools"/> for a theory.</summary>
    public static TheoryData<string, string> ToolData()
    {
        var data = new TheoryData<string, string>();
        foreach ((string id, string command) in Tools)
        {
            data.Add(id, command);
        }

        return data;
    }

    /// <summary>The folder holding the <c>.nupkg</c>s and <c>.snupkg</c>s: a local feed.</summary>
    public string Feed { get; } = Path.Combine(Path.GetTempPath(), "clamator-packages-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public string PackOutput { get; private set; } = string.Empty;

    /// <summary>The version every package carries.</summary>
    public string Version { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var (code, output, error) = await ProgramRun.DotnetAsync(
            ["pack", Path.Combine(RepoPaths.Root, "Clamator.slnx"), "-c", ProgramRun.Configuration, "--no-build", "-o", Feed, "--nologo"]);
        PackOutput = output + error;
        Assert.True(code == 0, $"dotnet pack Clamator.slnx exited {code}:\n{PackOutput}");

        string protocol = Path.GetFileName(Directory.GetFiles(Feed, "Clamator.Protocol.*.nupkg").Single());
        Version = protocol["Clamator.Protocol.".Length..^".nupkg".Length];
    }

    /// <summary>The <c>.nupkg</c> of <paramref name="id"/>.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The <c>.snupkg</c> (symbols) of <paramref name="id"/>.</summary>
    public string Symbols(string id) => Path.Combine(Feed, $"{id}.{Version}.snupkg");

    public Task DisposeAsync()
    {
        Directory.Delete(Feed, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "packed packages";
}
