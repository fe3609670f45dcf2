using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// What <c>dotnet pack Clamator.slnx</c> writes: one package per shippable project, each with the metadata, readme,
/// license, documentation and symbols a NuGet user expects, at the one version set in Directory.Build.props.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed partial class PackageMetadataTests(PackedPackages packed)
{
    /// <summary>The GUID of SourceLink's custom debug information in a portable pdb.</summary>
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>
    /// What the test kit may bring besides Clamator and Microsoft.Extensions: the parts of xUnit its suites are written
    /// with, and the span exporter they read traces from.
    /// </summary>
    private static readonly string[] TestKitLibraries = ["xunit.extensibility.core", "xunit.assert", "OpenTelemetry.Exporter.InMemory"];

    public static TheoryData<string> Ids => [.. PackedPackages.Ids];

    public static TheoryData<string, string> Tools => PackedPackages.ToolData();

    [Fact]
    public void Pack_exits_0_with_one_package_and_one_symbol_package_per_shippable_project_and_no_warning()
    {
        string[] written = [.. Directory.GetFiles(packed.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        string[] expected = [.. PackedPackages.Ids.SelectMany(
            id => new[] { $"{id}.{packed.Version}.nupkg", $"{id}.{packed.Version}.snupkg" }).Order(StringComparer.Ordinal)];

        Assert.Equal(expected, written);
        Assert.DoesNotMatch(WarningLine(), packed.PackOutput);
    }

    [Fact]
    public void Every_package_has_the_one_version_of_directory_build_props_and_it_is_0_x()
    {
        string props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        string prefix = VersionPrefix().Match(props).Groups["version"].Value;

        Assert.StartsWith("0.", prefix, StringComparison.Ordinal);
        Assert.Equal(prefix, packed.Version);
        foreach (string id in PackedPackages.Ids)
        {
            using var package = new NuGetPackage(packed.Package(id));
            Assert.Equal(id, package.Text("id"));
            Assert.Equal(prefix, package.Text("version"));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Carries_license_description_authors_tags_urls_and_the_commit(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));

        XElement license = package.Element("license")!;
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("Apache-2.0", license.Value);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "LICENSE")), package.Read("LICENSE"));
        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")), StringComparison.Ordinal);

        Assert.False(string.IsNullOrWhiteSpace(package.Text("description")));
        Assert.NotEqual("Package Description", package.Text("description"));
        Assert.False(string.IsNullOrWhiteSpace(package.Text("authors")));
        Assert.NotEqual(id, package.Text("authors"));
        Assert.Contains("clamator", package.Text("tags")!.Split(' '));
        Assert.StartsWith("https://", package.Text("projectUrl"), StringComparison.Ordinal);

        XElement repository = package.Element("repository")!;
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Has_its_readme_with_an_install_line_and_no_link_relative_to_the_repository(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));

        string readme = Encoding.UTF8.GetString(package.Read(package.Text("readme")!));

        Assert.Contains(PackedPackages.Tools.Any(t => t.Id == id) ? $"dotnet tool install --global {id}" : $"dotnet add package {id}", readme,
            StringComparison.Ordinal);
        Assert.DoesNotContain("](../", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("](./", readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Clamator.Protocol", "lib/net10.0/Clamator.Protocol")]
    [InlineData("Clamator.OverMemory", "lib/net10.0/Clamator.OverMemory")]
    [InlineData("Clamator.OverRedis", "lib/net10.0/Clamator.OverRedis")]
    [InlineData("Clamator.Hosting", "lib/net10.0/Clamator.Hosting")]
    [InlineData("Clamator.Testing", "lib/net10.0/Clamator.Testing")]
    public void A_library_ships_its_assembly_and_its_xml_documentation(string id, string assembly)
    {
        using var package = new NuGetPackage(packed.Package(id));

        Assert.Contains(assembly + ".dll", package.Files);
        string docs = Encoding.UTF8.GetString(package.Read(assembly + ".xml"));
        Assert.Contains("<member name=\"T:", docs, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocol_ships_the_source_generator_as_an_analyzer()
    {
        using var package = new NuGetPackage(packed.Package("Clamator.Protocol"));

        Assert.Contains("analyzers/dotnet/cs/Clamator.Generators.dll", package.Files);
        Assert.DoesNotContain(package.Files, f => f.StartsWith("lib/", StringComparison.Ordinal) && f.Contains("Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void Testing_brings_the_protocol_and_xunit_but_not_the_source_generator_its_own_contracts_are_compiled_with()
    {
        using var package = new NuGetPackage(packed.Package("Clamator.Testing"));

        string[] dependencies = [.. package.Dependencies().Select(d => d.Id)];
        Assert.Contains("Clamator.Protocol", dependencies);
        Assert.Contains("xunit.extensibility.core", dependencies);
        Assert.DoesNotContain("Clamator.Generators", dependencies);
        Assert.DoesNotContain(package.Files, f => f.Contains("Generators", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void A_tool_is_a_dotnet_tool_named_as_its_command(string id, string command)
    {
        using var package = new NuGetPackage(packed.Package(id));

        Assert.Equal("DotnetTool", (string?)package.Metadata.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name"));
        string settings = Encoding.UTF8.GetString(package.Read("tools/net10.0/any/DotnetToolSettings.xml"));
        Assert.Contains($"<Command Name=\"{command}\"", settings, StringComparison.Ordinal);
        Assert.DoesNotContain(package.Files, f => f.EndsWith(".resources.dll", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Depends_only_on_clamator_packages_of_its_version_and_the_allowed_libraries(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));

        foreach (var (dependency, version) in package.Dependencies())
        {
            if (dependency.StartsWith("Clamator.", StringComparison.Ordinal))
            {
                Assert.Equal(packed.Version, version);
            }
            else
            {
                Assert.True(
                    dependency.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || dependency == "StackExchange.Redis"
                        || (id == "Clamator.Testing" && TestKitLibraries.Contains(dependency)),
                    $"{id} depends on {dependency}");
            }
        }
    }

    [Theory]
    [InlineData("Clamator.Protocol", "lib/net10.0/Clamator.Protocol")]
    [InlineData("Clamator.OverMemory", "lib/net10.0/Clamator.OverMemory")]
    [InlineData("Clamator.OverRedis", "lib/net10.0/Clamator.OverRedis")]
    [InlineData("Clamator.Hosting", "lib/net10.0/Clamator.Hosting")]
    [InlineData("Clamator.Testing", "lib/net10.0/Clamator.Testing")]
    [InlineData("Clamator.Codegen", "tools/net10.0/any/Clamator.Codegen")]
    [InlineData("Clamator.Cli", "tools/net10.0/any/Clamator.Cli")]
    public void The_symbols_package_holds_the_matching_pdb_with_source_link_and_the_build_is_deterministic(string id, string assembly)
    {
        using var package = new NuGetPackage(packed.Package(id));
        using var symbols = new NuGetPackage(packed.Symbols(id));

        using var pe = new PEReader(ImmutableArray.Create(package.Read(assembly + ".dll")));
        ImmutableArray<DebugDirectoryEntry> debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, e => e.Type == DebugDirectoryEntryType.Reproducible);
        Guid pdbId = pe.ReadCodeViewDebugDirectoryData(debug.First(e => e.Type == DebugDirectoryEntryType.CodeView)).Guid;

        using var pdb = MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(symbols.Read(assembly + ".pdb")));
        MetadataReader reader = pdb.GetMetadataReader();
        Assert.Equal(pdbId, new BlobContentId(reader.DebugMetadataHeader!.Id).Guid);

        string? sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        Assert.NotNull(sourceLink);
        Assert.Matches("\"https://raw\\.githubusercontent\\.com/[^\"]+/[0-9a-f]{40}/\\*\"", sourceLink);
    }

    [GeneratedRegex(@"<VersionPrefix>(?<version>[^<]+)</VersionPrefix>")]
    private static partial Regex VersionPrefix();

    [GeneratedRegex(@"(?im)^.*\bwarning\b.*$")]
    private static partial Regex WarningLine();
}
