namespace Clamator.Codegen;

/// <summary>A C# type declaration the codegen writes.</summary>
internal abstract record TypeDeclaration(string Name, string Summary);

/// <summary>
/// A sealed record (or a union variant deriving from <paramref name="Base"/>); <paramref name="Strict"/> refuses
/// unknown members (<c>z.object().strict()</c>).
/// </summary>
internal sealed record RecordDeclaration(string Name, string Summary, IReadOnlyList<PropertyDeclaration> Properties, string? Base, bool Strict = false)
    : TypeDeclaration(Name, Summary);

/// <summary>A string-valued enum.</summary>
internal sealed record EnumDeclaration(string Name, string Summary, IReadOnlyList<string> Values) : TypeDeclaration(Name, Summary);

/// <summary>An abstract record with one derived record per discriminator value.</summary>
internal sealed record UnionDeclaration(string Name, string Summary, string Discriminator, IReadOnlyList<(string Value, string Variant)> Variants)
    : TypeDeclaration(Name, Summary);

/// <summary>A property of a generated record.</summary>
/// <param name="JsonName">The wire field name.</param>
/// <param name="Name">The C# property name.</param>
/// <param name="Type">The C# type, with <c>?</c> when it may be null.</param>
/// <param name="IsRequired">Whether the property is <c>required</c> (must be present on the wire).</param>
/// <param name="Initializer">The default value expression, or <see langword="null"/>.</param>
/// <param name="Summary">The doc comment text.</param>
/// <param name="Checks">Validation statements, each a format string where <c>{0}</c> is the wire name and <c>{1}</c> the property.</param>
/// <param name="Attributes">Attributes written before the property (<c>[ClamatorDateTime(...)]</c>).</param>
internal sealed record PropertyDeclaration(
    string JsonName, string Name, string Type, bool IsRequired, string? Initializer, string Summary, IReadOnlyList<string> Checks,
    IReadOnlyList<string> Attributes);

/// <summary>A contract method as the generated interface declares it.</summary>
internal sealed record MethodDeclaration(string WireName, string Name, string ParamsType, string? ResultType);

/// <summary>Everything generated for one service.</summary>
internal sealed record ServiceDeclaration(
    string Service, string TypeName, string SourceFile, IReadOnlyList<MethodDeclaration> Methods, IReadOnlyList<TypeDeclaration> Types);
