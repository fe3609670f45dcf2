using System.IO.Compression;
using System.Xml.Linq;

namespace Clamator.Tests;

/// <summary>A <c>.nupkg</c> or <c>.snupkg</c> opened for reading: its file list, its nuspec, and any file's bytes.</summary>
internal sealed class NuGetPackage : IDisposable
{
    private readonly ZipArchive _zip;

    public NuGetPackage(string path)
    {
        Path = path;
        _zip = ZipFile.OpenRead(path);
        Files = [.. _zip.Entries.Select(e => e.FullName).Where(
            f => !f.StartsWith("_rels/", StringComparison.Ordinal) && !f.StartsWith("package/", StringComparison.Ordinal) && f != "[Content_Types].xml")];
        using Stream nuspec = _zip.Entries.Single(
            e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal)).Open();
        Metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    public string Path { get; }

    /// <summary>The package's own files (the packaging parts of the zip left out), with <c>/</c> separators.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The nuspec's <c>metadata</c> element.</summary>
    public XElement Metadata { get; }

    /// <summary>The text of the metadata element <paramref name="name"/>, or <see langword="null"/>.</summary>
    public string? Text(string name) => Element(name)?.Value;

    /// <summary>The metadata element <paramref name="name"/>, or <see langword="null"/>.</summary>
    public XElement? Element(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>The ids of the package's dependencies, over every target framework group.</summary>
    public IEnumerable<(string Id, string Version)> Dependencies() =>
        Metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!));

    public byte[] Read(string file)
    {
        ZipArchiveEntry entry = _zip.GetEntry(file) ?? throw new FileNotFoundException($"{System.IO.Path.GetFileName(Path)} has no {file}.");
        using Stream stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => _zip.Dispose();
}
