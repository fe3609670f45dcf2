using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Clamator.Generators;

/// <summary>Walks the params and result types of a contract and describes every type the JSON metadata needs.</summary>
internal sealed class JsonTypeCollector
{
    private const string Metadata = "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices.";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    private readonly Dictionary<ITypeSymbol, JsonTypeModel?> _types = new(SymbolEqualityComparer.Default);
    private readonly List<JsonTypeModel> _ordered = [];
    private readonly HashSet<string> _ids = [];
    private readonly List<DiagnosticInfo> _diagnostics;

    public JsonTypeCollector(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

    /// <summary>Where diagnostics about the types added next are reported (the method that uses them).</summary>
    public Location? Location { get; set; }

    public IReadOnlyList<JsonTypeModel> Types => _ordered;

    private static readonly SymbolDisplayFormat AnnotatedTypeFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Name(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);

    /// <summary>
    /// The type as declared, with the nullable annotations of its type arguments (<c>IReadOnlyList&lt;string?&gt;</c>),
    /// for getters and setters.
    /// </summary>
    private static string AnnotatedName(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(AnnotatedTypeFormat);

    /// <summary>Describes <paramref name="type"/> and everything it contains; <paramref name="path"/> names it in diagnostics.</summary>
    public void Add(ITypeSymbol type, string path)
    {
        if (type.TypeKind == TypeKind.Error || _types.ContainsKey(type))
        {
            return;
        }

        _types[type] = null;
        JsonTypeModel? model = Describe(type, path);
        if (model is not null)
        {
            _types[type] = model;
            _ordered.Add(model);
        }
    }

    private JsonTypeModel? Describe(ITypeSymbol type, string path)
    {
        string? converter = ValueConverter(type);
        if (converter is not null)
        {
            return Model(type, JsonTypeKind.Value, converter);
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            ITypeSymbol underlying = nullable.TypeArguments[0];
            Add(underlying, path);
            return Model(type, JsonTypeKind.Nullable, null, Name(underlying));
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return Model(type, JsonTypeKind.Enum, null, enumMembers: EnumMembers(type));
        }

        if (type is IArrayTypeSymbol array)
        {
            return array.Rank == 1 ? Element(type, array.ElementType, "CreateArrayInfo", path)
                : Unsupported(type, path, "only one-dimensional arrays are supported");
        }

        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            string definition = generic.OriginalDefinition.ToDisplayString();
            switch (definition)
            {
                case "System.Collections.Generic.List<T>":
                    return Element(type, generic.TypeArguments[0], "CreateListInfo", path);
                case "System.Collections.Generic.IList<T>":
                    return Element(type, generic.TypeArguments[0], "CreateIListInfo", path);
                case "System.Collections.Generic.ICollection<T>":
                    return Element(type, generic.TypeArguments[0], "CreateICollectionInfo", path);
                case "System.Collections.Generic.IEnumerable<T>":
                case "System.Collections.Generic.IReadOnlyList<T>":
                case "System.Collections.Generic.IReadOnlyCollection<T>":
                    return Element(type, generic.TypeArguments[0], "CreateIEnumerableInfo", path);
                case "System.Collections.Generic.Dictionary<TKey, TValue>":
                    return Dictionary(generic, "CreateDictionaryInfo", path);
                case "System.Collections.Generic.IDictionary<TKey, TValue>":
                    return Dictionary(generic, "CreateIDictionaryInfo", path);
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                    return Dictionary(generic, "CreateIReadOnlyDictionaryInfo", path);
                default:
                    return Unsupported(type, path, "generic types other than lists and string-keyed dictionaries are not supported");
            }
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            return Unsupported(type, path, "use System.Text.Json.JsonElement for arbitrary JSON");
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsStatic: false } named)
        {
            return ObjectModel(named, path);
        }

        return Unsupported(type, path, "only classes and records, enums, lists, string-keyed dictionaries and JSON primitives are supported");
    }

    private JsonTypeModel ObjectModel(INamedTypeSymbol type, string path)
    {
        foreach (INamedTypeSymbol derived in DerivedTypes(type))
        {
            Add(derived, path);
        }

        List<IPropertySymbol> properties = Properties(type);
        IMethodSymbol? constructor = Constructor(type);
        CreatorKind creator;
        var parameters = new List<ConstructorParameterModel>();
        if (type.IsAbstract)
        {
            creator = CreatorKind.None;
            if (DerivedTypes(type).Count == 0)
            {
                Unsupported(type, path, "an abstract type needs [JsonDerivedType] attributes naming its concrete types");
            }
        }
        else if (constructor is null)
        {
            creator = CreatorKind.None;
            Unsupported(type, path, "it needs a public parameterless constructor or exactly one public constructor");
        }
        else if (constructor.Parameters.Length == 0)
        {
            creator = properties.Any(p => p.IsRequired) ? CreatorKind.Accessor : CreatorKind.New;
        }
        else
        {
            creator = CreatorKind.Parameterized;
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                if (!properties.Any(p => Matches(p, parameter)))
                {
                    Unsupported(type, path, $"constructor parameter '{parameter.Name}' has no matching public property");
                }

                parameters.Add(new ConstructorParameterModel(
                    parameter.Name,
                    AnnotatedName(parameter.Type),
                    parameter.HasExplicitDefaultValue,
                    parameter.HasExplicitDefaultValue ? Literal(parameter.ExplicitDefaultValue) : "null",
                    IsNullable(parameter.Type)));
            }
        }

        var models = new List<JsonPropertyModel>();
        foreach (IPropertySymbol property in properties)
        {
            string jsonName = JsonName(property);
            Add(property.Type, path + "." + jsonName);
            IParameterSymbol? parameter = constructor is null || creator != CreatorKind.Parameterized
                ? null
                : constructor.Parameters.FirstOrDefault(p => Matches(property, p));
            bool nullable = parameter is null ? IsNullable(property.Type) : IsNullable(parameter.Type);
            bool propertyRequired = property.IsRequired || HasAttribute(property, "JsonRequiredAttribute");
            bool required = propertyRequired || parameter is { HasExplicitDefaultValue: false };
            SetterKind setter = parameter is not null || property.SetMethod is null
                ? SetterKind.None
                : property.SetMethod.IsInitOnly || property.SetMethod.DeclaredAccessibility != Accessibility.Public ? SetterKind.Accessor : SetterKind.Direct;
            (List<ItemLevel> levels, string? objectType) = ItemLevels(property.Type);
            models.Add(new JsonPropertyModel(
                property.Name, jsonName, AnnotatedName(property.Type), Name(property.ContainingType), setter, propertyRequired, nullable, nullable && !required,
                new EquatableArray<ItemLevel>(levels), objectType, DateTimeConverter(property, path + "." + jsonName)));
        }

        // [JsonUnmappedMemberHandling(Disallow)] (clamator-codegen writes it for z.object().strict()): unknown members fail, as in Zod.
        bool disallow = type.GetAttributes().Any(a => a.AttributeClass?.Name == "JsonUnmappedMemberHandlingAttribute"
            && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int handling && handling == 1);
        JsonTypeModel model = Model(type, JsonTypeKind.Object, null, creator: creator, properties: models, parameters: parameters,
            derived: DerivedTypes(type).Select(Name).ToList());
        return model with { DisallowUnmapped = disallow };
    }

    /// <summary>The converter a <c>[ClamatorDateTime]</c> property is read and written with (Zod's datetime options).</summary>
    private string? DateTimeConverter(IPropertySymbol property, string path)
    {
        AttributeData? attribute = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "Clamator.ClamatorDateTimeAttribute");
        if (attribute is null)
        {
            return null;
        }

        ITypeSymbol type = property.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0] : property.Type;
        if (type.ToDisplayString() != "System.DateTimeOffset")
        {
            Unsupported(property.Type, path, "[ClamatorDateTime] applies to DateTimeOffset properties only");
            return null;
        }

        var options = new List<string>();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            switch (argument.Key, argument.Value.Value)
            {
                case ("Offset", true):
                    options.Add("Offset = true");
                    break;
                case ("Local", true):
                    options.Add("Local = true");
                    break;
                case ("Precision", int precision) when precision >= 0:
                    options.Add("Precision = " + precision.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        string converter = "new global::Clamator.JsonDateTimeOffsetConverter" + (options.Count == 0 ? "()" : " { " + string.Join(", ", options) + " }");
        return SymbolEqualityComparer.Default.Equals(type, property.Type)
            ? converter
            : $"global::Clamator.JsonChecks.Nullable({converter})";
    }

    /// <summary>The list and dictionary levels of <paramref name="type"/>, and the class inside them (or <paramref name="type"/> itself) if any.</summary>
    private static (List<ItemLevel> Levels, string? ObjectType) ItemLevels(ITypeSymbol type)
    {
        var levels = new List<ItemLevel>();
        ITypeSymbol current = type;
        while (ItemType(current, out bool isDictionary) is { } item)
        {
            bool nullable = item.IsValueType || IsNullable(item);
            levels.Add(new ItemLevel(isDictionary, nullable, ItemType(item, out bool itemIsDictionary) is not null ? (itemIsDictionary ? "object" : "array")
                : item.SpecialType == SpecialType.System_String || item.ToDisplayString() == "System.Uri" ? "string" : "object"));
            current = item;
            if (item.IsValueType)
            {
                break;
            }
        }

        bool isObject = current is INamedTypeSymbol { TypeKind: TypeKind.Class, IsStatic: false } named
            && named.SpecialType == SpecialType.None && ValueConverter(named) is null && !named.IsGenericType;
        return (levels, isObject ? Name(current) : null);
    }

    /// <summary>The item type of a list or array, or the value type of a string-keyed dictionary; <see langword="null"/> for other types.</summary>
    private static ITypeSymbol? ItemType(ITypeSymbol type, out bool isDictionary)
    {
        isDictionary = false;
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return array.ElementType;
        }

        if (type is not INamedTypeSymbol { IsGenericType: true } generic)
        {
            return null;
        }

        switch (generic.OriginalDefinition.ToDisplayString())
        {
            case "System.Collections.Generic.List<T>":
            case "System.Collections.Generic.IList<T>":
            case "System.Collections.Generic.ICollection<T>":
            case "System.Collections.Generic.IEnumerable<T>":
            case "System.Collections.Generic.IReadOnlyList<T>":
            case "System.Collections.Generic.IReadOnlyCollection<T>":
                return generic.TypeArguments[0];
            case "System.Collections.Generic.Dictionary<TKey, TValue>":
            case "System.Collections.Generic.IDictionary<TKey, TValue>":
            case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                isDictionary = true;
                return generic.TypeArguments[0].SpecialType == SpecialType.System_String ? generic.TypeArguments[1] : null;
            default:
                return null;
        }
    }

    private static bool Matches(IPropertySymbol property, IParameterSymbol parameter) =>
        string.Equals(property.Name, parameter.Name, System.StringComparison.OrdinalIgnoreCase);

    private static List<IPropertySymbol> Properties(INamedTypeSymbol type)
    {
        var result = new List<IPropertySymbol>();
        var seen = new HashSet<string>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (IPropertySymbol property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public } || HasAttribute(property, "JsonIgnoreAttribute")
                    || !seen.Add(property.Name))
                {
                    continue;
                }

                result.Add(property);
            }
        }

        return result;
    }

    private static IMethodSymbol? Constructor(INamedTypeSymbol type)
    {
        IMethodSymbol[] constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToArray();
        return constructors.FirstOrDefault(c => HasAttribute(c, "JsonConstructorAttribute"))
            ?? constructors.FirstOrDefault(c => c.Parameters.Length == 0)
            ?? (constructors.Length == 1 ? constructors[0] : null);
    }

    private static List<INamedTypeSymbol> DerivedTypes(INamedTypeSymbol type) =>
        type.GetAttributes()
            .Where(a => a.AttributeClass?.Name == "JsonDerivedTypeAttribute" && a.ConstructorArguments.Length > 0)
            .Select(a => a.ConstructorArguments[0].Value)
            .OfType<INamedTypeSymbol>()
            .ToList();

    private static string JsonName(IPropertySymbol property)
    {
        AttributeData? attribute = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "JsonPropertyNameAttribute");
        return attribute?.ConstructorArguments.FirstOrDefault().Value as string ?? Names.CamelCase(property.Name);
    }

    private static EquatableArray<EnumMemberModel> EnumMembers(ITypeSymbol type) =>
        new(type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => new EnumMemberModel(
            f.Name,
            f.GetAttributes().FirstOrDefault(
            a => a.AttributeClass?.Name == "JsonStringEnumMemberNameAttribute")?.ConstructorArguments.FirstOrDefault().Value as string
                ?? Names.CamelCase(f.Name))));

    private static bool HasAttribute(ISymbol symbol, string name) => symbol.GetAttributes().Any(a => a.AttributeClass?.Name == name);

    private static bool IsNullable(ITypeSymbol type) =>
        type.IsReferenceType ? type.NullableAnnotation != NullableAnnotation.NotAnnotated
        : type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    private static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "d",
        float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f",
        decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m",
        _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };

    private static string? ValueConverter(ITypeSymbol type)
    {
        string? name = type.SpecialType switch
        {
            SpecialType.System_String => "StringConverter",
            SpecialType.System_Boolean => "BooleanConverter",
            SpecialType.System_Double => "new global::Clamator.JsonFiniteDoubleConverter()",
            SpecialType.System_Single => "new global::Clamator.JsonFiniteSingleConverter()",
            SpecialType.System_Decimal => "DecimalConverter",
            SpecialType.System_Int32 => "new global::Clamator.JsonInt32Converter()",
            SpecialType.System_Int64 => "new global::Clamator.JsonIntegerConverter()",
            SpecialType.System_DateTime => "DateTimeConverter",
            _ => null,
        };
        if (name is null)
        {
            name = type.ToDisplayString() switch
            {
                "System.Guid" => "GuidConverter",
                "System.DateTimeOffset" => "new global::Clamator.JsonDateTimeOffsetConverter()",
                "System.TimeSpan" => "TimeSpanConverter",
                "System.Uri" => "UriConverter",
                "System.Text.Json.JsonElement" => "JsonElementConverter",
                _ => null,
            };
        }

        return name switch
        {
            null => null,
            _ when name.StartsWith("new ", System.StringComparison.Ordinal) => name,
            _ => Metadata + name,
        };
    }

    private JsonTypeModel? Element(ITypeSymbol type, ITypeSymbol element, string factory, string path)
    {
        Add(element, path + "[]");
        return Model(type, JsonTypeKind.Collection, factory, Name(element));
    }

    private JsonTypeModel? Dictionary(INamedTypeSymbol type, string factory, string path)
    {
        if (type.TypeArguments[0].SpecialType != SpecialType.System_String)
        {
            return Unsupported(type, path, "dictionary keys must be strings");
        }

        Add(type.TypeArguments[1], path + "{}");
        return Model(type, JsonTypeKind.Dictionary, factory, Name(type.TypeArguments[1]));
    }

    private JsonTypeModel? Unsupported(ITypeSymbol type, string path, string reason)
    {
        _diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.UnsupportedType, Location, type.ToDisplayString(), path, reason));
        return null;
    }

    private JsonTypeModel Model(
        ITypeSymbol type,
        JsonTypeKind kind,
        string? converter,
        string? element = null,
        CreatorKind creator = CreatorKind.None,
        EquatableArray<EnumMemberModel> enumMembers = default,
        List<JsonPropertyModel>? properties = null,
        List<ConstructorParameterModel>? parameters = null,
        List<string>? derived = null) =>
        new(Name(type), UniqueId(type), kind, converter, element, creator, enumMembers,
            new EquatableArray<JsonPropertyModel>(properties ?? []), new EquatableArray<ConstructorParameterModel>(parameters ?? []),
            new EquatableArray<string>(derived ?? []));

    private string UniqueId(ITypeSymbol type)
    {
        string id = "Info" + Names.Identifier(
            type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(
            SymbolDisplayFormat.MinimallyQualifiedFormat).Replace("[]", "Array").Replace("?", "Nullable"));
        string unique = id;
        for (int i = 2; !_ids.Add(unique); i++)
        {
            unique = id + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }
}
