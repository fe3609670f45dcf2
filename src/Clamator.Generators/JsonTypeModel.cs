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
    EquatableArray<ConstructorParameterModel> ConstructorParameters);

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
internal sealed record JsonPropertyModel(
    string ClrName,
    string JsonName,
    string Type,
    string DeclaringType,
    SetterKind Setter,
    bool IsRequired,
    bool IsNullable,
    bool OmitWhenNull);
