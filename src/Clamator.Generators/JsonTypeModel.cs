namespace Clamator.Generators;

/// <summary>How a type is read and written as JSON.</summary>
internal enum JsonTypeKind
{
    /// <summary>A built-in converter (<see cref="JsonTypeModel.Converter"/>).</summary>
    Value,

    /// <summary><c>Nullable&lt;T&gt;</c> of <see cref="JsonTypeModel.ElementType"/>.</summary>
    Nullable,

    /// <summary>A string-valued enum (<see cref="JsonTypeModel.EnumMembers"/>).</summary>
    Enum,

    /// <summary>A list of <see cref="JsonTypeModel.ElementType"/>; <see cref="JsonTypeModel.Converter"/> names the factory.</summary>
    Collection,

    /// <summary>A string-keyed dictionary of <see cref="JsonTypeModel.ElementType"/>; <see cref="JsonTypeModel.Converter"/> names the factory.</summary>
    Dictionary,

    /// <summary>An object with <see cref="JsonTypeModel.Properties"/>.</summary>
    Object,
}

/// <summary>How an object is created when read.</summary>
internal enum CreatorKind
{
    /// <summary>Never created (abstract base of a polymorphic hierarchy).</summary>
    None,

    /// <summary><c>new T()</c>.</summary>
    New,

    /// <summary>The parameterless constructor through an UnsafeAccessor (required members are set by the reader).</summary>
    Accessor,

    /// <summary>A constructor with parameters (<see cref="JsonTypeModel.ConstructorParameters"/>).</summary>
    Parameterized,
}

/// <summary>JSON metadata for one type reachable from a contract's params and results.</summary>
internal sealed record JsonTypeModel(
    string FullName,
    string Id,
    JsonTypeKind Kind,
    string? Converter,
    string? ElementType,
    CreatorKind Creator,
    EquatableArray<EnumMemberModel> EnumMembers,
    EquatableArray<JsonPropertyModel> Properties,
    EquatableArray<ConstructorParameterModel> ConstructorParameters,
    EquatableArray<string> DerivedTypes,
    bool DisallowUnmapped = false);

/// <summary>An enum member and its wire string.</summary>
internal sealed record EnumMemberModel(string ClrName, string WireName);

/// <summary>A constructor parameter bound to a JSON property.</summary>
internal sealed record ConstructorParameterModel(string Name, string Type, bool HasDefaultValue, string DefaultValue, bool IsNullable);

/// <summary>How a property's value is stored when read.</summary>
internal enum SetterKind
{
    /// <summary>Not set by the reader (read-only, or bound to a constructor parameter).</summary>
    None,

    /// <summary>A public setter.</summary>
    Direct,

    /// <summary>An init-only or non-public setter, through an UnsafeAccessor.</summary>
    Accessor,
}

/// <summary>A JSON property of an object.</summary>
/// <param name="ClrName">The C# property name.</param>
/// <param name="JsonName">The wire name.</param>
/// <param name="Type">The property type, fully qualified.</param>
/// <param name="DeclaringType">The type declaring the property, fully qualified.</param>
/// <param name="Setter">How the reader stores the value.</param>
/// <param name="IsRequired">Whether the member must be present.</param>
/// <param name="IsNullable">Whether the value may be null.</param>
/// <param name="OmitWhenNull">Whether a null value is left out when writing.</param>
/// <param name="Items">The list and dictionary levels of the property's type, outermost first (empty for other types).</param>
/// <param name="ObjectType">The object type inside those levels (or the property's own type), when it is a class or record.</param>
/// <param name="Converter">An expression creating the property's own converter (<c>[ClamatorDateTime]</c>), or <see langword="null"/>.</param>
internal sealed record JsonPropertyModel(
    string ClrName,
    string JsonName,
    string Type,
    string DeclaringType,
    SetterKind Setter,
    bool IsRequired,
    bool IsNullable,
    bool OmitWhenNull,
    EquatableArray<ItemLevel> Items,
    string? ObjectType,
    string? Converter);

/// <summary>
/// One list or dictionary level of a property's type, e.g. <c>IReadOnlyList&lt;string&gt;</c>: System.Text.Json lets its
/// items be null whatever their annotation, so the generated metadata checks them.
/// </summary>
/// <param name="IsDictionary">Whether the level is a string-keyed dictionary (its items are its values).</param>
/// <param name="ItemsNullable">Whether its items may be null (a nullable annotation, or a value type that System.Text.Json checks itself).</param>
/// <param name="Expected">Zod's name of the item type, for the error: <c>string</c>, <c>array</c> or <c>object</c>.</param>
internal sealed record ItemLevel(bool IsDictionary, bool ItemsNullable, string Expected);
