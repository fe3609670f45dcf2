using System.Collections.Generic;
using System.Linq;

namespace Clamator.Generators;

/// <summary>
/// Emits System.Text.Json metadata (a reflection-free <c>IJsonTypeInfoResolver</c> built on <c>JsonMetadataServices</c>)
/// for every type a contract carries. The System.Text.Json source generator cannot see types or contexts another
/// generator emits, so the metadata is written here, in the same shape that generator writes.
/// </summary>
internal static class JsonMetadataWriter
{
    private const string Json = "global::System.Text.Json";
    private const string Meta = "global::System.Text.Json.Serialization.Metadata";
    private const string Services = Meta + ".JsonMetadataServices";

    public static void Write(CodeWriter w, ContractModel contract)
    {
        w.Line("/// <summary>JSON metadata for the types of this contract.</summary>");
        w.Open($"private sealed class JsonMetadata : {Meta}.IJsonTypeInfoResolver");
        w.Open($"public static {Json}.JsonSerializerOptions CreateOptions()");
        w.Open($"var options = new {Json}.JsonSerializerOptions");
        w.Line("TypeInfoResolver = new JsonMetadata(),");
        w.Line("RespectNullableAnnotations = true,");
        w.Line("RespectRequiredConstructorParameters = true,");
        w.Line("AllowOutOfOrderMetadataProperties = true,");
        w.Close(";");
        w.Line("options.MakeReadOnly();");
        w.Line("return options;");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open($"public {Meta}.JsonTypeInfo? GetTypeInfo(global::System.Type type, {Json}.JsonSerializerOptions options)");
        foreach (JsonTypeModel type in contract.Types)
        {
            w.Open($"if (type == typeof({type.FullName}))");
            w.Line($"return {type.Id}(options);");
            w.Close();
            w.Line();
        }

        w.Line("return null;");
        w.Close();

        var accessors = new HashSet<string>();
        var nulls = new NullCheckWriter(contract);
        foreach (JsonTypeModel type in contract.Types)
        {
            w.Line();
            WriteType(w, type, accessors, nulls);
        }

        nulls.WriteChecks(w);
        w.Line();
        WritePropertyHelper(w);
        w.Close();
    }

    private static void WriteType(CodeWriter w, JsonTypeModel type, HashSet<string> accessors, NullCheckWriter nulls)
    {
        string info = $"{Meta}.JsonTypeInfo<{type.FullName}>";
        string signature = $"private static {info} {type.Id}({Json}.JsonSerializerOptions options)";
        switch (type.Kind)
        {
            case JsonTypeKind.Value:
                w.Line($"{signature} =>");
                w.Line($"    {Services}.CreateValueInfo<{type.FullName}>(options, {type.Converter});");
                break;
            case JsonTypeKind.Nullable:
                w.Line($"{signature} =>");
                w.Line($"    {Services}.CreateValueInfo<{type.FullName}>(options, {Services}.GetNullableConverter<{type.ElementType}>(options));");
                break;
            case JsonTypeKind.Enum:
                w.Line($"{signature} =>");
                w.Line($"    {Services}.CreateValueInfo<{type.FullName}>(options, new {type.Id}Converter());");
                w.Line();
                WriteEnumConverter(w, type);
                break;
            case JsonTypeKind.Collection:
            case JsonTypeKind.Dictionary:
                WriteCollection(w, type, signature);
                break;
            default:
                WriteObject(w, type, signature, accessors, nulls);
                break;
        }
    }

    private static void WriteCollection(CodeWriter w, JsonTypeModel type, string signature)
    {
        string arguments = type.Converter switch
        {
            "CreateArrayInfo" => type.ElementType!,
            _ when type.Kind == JsonTypeKind.Dictionary => $"{type.FullName}, string, {type.ElementType}",
            _ => $"{type.FullName}, {type.ElementType}",
        };
        bool concrete = type.Converter is "CreateListInfo" or "CreateDictionaryInfo";
        string creator = concrete ? $" ObjectCreator = static () => new {type.FullName}() " : " ";
        w.Line($"{signature} =>");
        w.Line($"    {Services}.{type.Converter}<{arguments}>(options, new {Meta}.JsonCollectionInfoValues<{type.FullName}> {{{creator}}});");
    }

    private static void WriteObject(CodeWriter w, JsonTypeModel type, string signature, HashSet<string> accessors, NullCheckWriter nulls)
    {
        bool callbacks = nulls.HasCallbacks(type) || type.DisallowUnmapped;
        w.Open(signature);
        w.Open($"{(callbacks ? "var info =" : "return")} {Services}.CreateObjectInfo<{type.FullName}>(options, new " +
            $"{Meta}.JsonObjectInfoValues<{type.FullName}>");
        switch (type.Creator)
        {
            case CreatorKind.New:
                w.Line($"ObjectCreator = static () => new {type.FullName}(),");
                break;
            case CreatorKind.Accessor:
                w.Line($"ObjectCreator = static () => New{type.Id}(),");
                break;
            case CreatorKind.Parameterized:
                string arguments = string.Join(", ", type.ConstructorParameters.Select((p, i) => $"({p.Type})args[{i}]!"));
                w.Line($"ObjectWithParameterizedConstructorCreator = static args => new {type.FullName}({arguments}),");
                w.Line($"ConstructorParameterMetadataInitializer = static () => new {Meta}.JsonParameterInfoValues[]");
                w.Line("{");
                int position = 0;
                foreach (ConstructorParameterModel p in type.ConstructorParameters)
                {
                    string value = p.HasDefaultValue && p.DefaultValue != "null" ? $"({p.Type})({p.DefaultValue})" : "null";
                    w.Line($"    new() {{ Name = \"{p.Name}\", ParameterType = typeof({p.Type}), Position = {position++}, HasDefaultValue = " +
                        $"{Bool(p.HasDefaultValue)}, DefaultValue = {value}, IsNullable = {Bool(p.IsNullable)} }},");
                }

                w.Line("},");
                break;
        }

        w.Line($"PropertyMetadataInitializer = _ => new {Meta}.JsonPropertyInfo[]");
        w.Line("{");
        foreach (JsonPropertyModel p in type.Properties)
        {
            string target = $"(({p.DeclaringType})obj)";
            string setter = p.Setter switch
            {
                SetterKind.Direct => $"static (obj, value) => {target}.{p.ClrName} = value!",
                SetterKind.Accessor => $"static (obj, value) => {SetterName(p)}({target}, value!)",
                _ => "null",
            };
            string converter = p.Converter is null ? string.Empty : $", converter: {p.Converter}";
            w.Line($"    Property<{p.DeclaringType}, {p.Type}>(options, \"{p.ClrName}\", {Literal(p.JsonName)}, static obj => {target}.{p.ClrName}, " +
                $"{setter}, required: {Bool(p.IsRequired)}, nullable: {Bool(p.IsNullable)}, omitWhenNull: {Bool(p.OmitWhenNull)}{converter}),");
        }

        w.Line("},");
        w.Close(");");
        if (callbacks)
        {
            if (type.DisallowUnmapped)
            {
                w.Line("info.UnmappedMemberHandling = global::System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;");
            }

            nulls.WriteCallbacks(w, type);
            w.Line("return info;");
        }

        w.Close();

        if (type.Creator == CreatorKind.Accessor)
        {
            w.Line();
            w.Line("[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Constructor)]");
            w.Line($"private static extern {type.FullName} New{type.Id}();");
        }

        foreach (JsonPropertyModel p in type.Properties.Where(p => p.Setter == SetterKind.Accessor && accessors.Add(SetterName(p))))
        {
            w.Line();
            w.Line($"[global::System.Runtime.CompilerServices.UnsafeAccessor(global::System.Runtime.CompilerServices.UnsafeAccessorKind.Method, Name = " +
                $"\"set_{p.ClrName}\")]");
            w.Line($"private static extern void {SetterName(p)}({p.DeclaringType} obj, {p.Type} value);");
        }
    }

    private static void WriteEnumConverter(CodeWriter w, JsonTypeModel type)
    {
        // Zod's wording: "Invalid enum value. Expected 'a' | 'b', received 'c'" and "Expected 'a' | 'b', received number".
        string expected = "Expected " + string.Join(" | ", type.EnumMembers.Select(m => "'" + m.WireName + "'"));
        w.Open($"private sealed class {type.Id}Converter : global::System.Text.Json.Serialization.JsonConverter<{type.FullName}>");
        w.Open($"public override {type.FullName} Read(ref {Json}.Utf8JsonReader reader, global::System.Type typeToConvert, {Json}.JsonSerializerOptions " +
            $"options)");
        w.Open($"if (reader.TokenType == {Json}.JsonTokenType.String)");
        foreach (EnumMemberModel member in type.EnumMembers)
        {
            w.Open($"if (reader.ValueTextEquals({Literal(member.WireName)}u8))");
            w.Line($"return {type.FullName}.{member.ClrName};");
            w.Close();
        }

        w.Line();
        w.Line($"throw new {Json}.JsonException({Literal("Invalid enum value. " + expected + ", received '")} + reader.GetString() + \"'\");");
        w.Close();
        w.Line();
        w.Line($"throw new {Json}.JsonException({Literal(expected + ", received ")} + global::Clamator.JsonChecks.Received(reader.TokenType));");
        w.Close();
        w.Line();
        w.Open($"public override void Write({Json}.Utf8JsonWriter writer, {type.FullName} value, {Json}.JsonSerializerOptions options)");
        w.Open("switch (value)");
        foreach (EnumMemberModel member in type.EnumMembers)
        {
            w.Line($"case {type.FullName}.{member.ClrName}:");
            w.Line($"    writer.WriteStringValue({Literal(member.WireName)}u8);");
            w.Line("    return;");
        }

        w.Line("default:");
        w.Line($"    throw new {Json}.JsonException($\"{{value}} is not a member of {type.FullName.Replace("global::", string.Empty)}\");");
        w.Close();
        w.Close();
        w.Close();
    }

    private static void WritePropertyHelper(CodeWriter w)
    {
        w.Line($"private static {Meta}.JsonPropertyInfo Property<TDeclaring, TProperty>(");
        w.Line($"    {Json}.JsonSerializerOptions options, string name, string jsonName, global::System.Func<object, TProperty?> getter,");
        w.Line("    global::System.Action<object, TProperty?>? setter, bool required, bool nullable, bool omitWhenNull,");
        w.Line("    global::System.Text.Json.Serialization.JsonConverter<TProperty>? converter = null)");
        w.Line("{");
        w.Line($"    var values = new {Meta}.JsonPropertyInfoValues<TProperty>");
        w.Line("    {");
        w.Line("        IsProperty = true,");
        w.Line("        IsPublic = true,");
        w.Line("        DeclaringType = typeof(TDeclaring),");
        w.Line("        PropertyName = name,");
        w.Line("        JsonPropertyName = jsonName,");
        w.Line("        Getter = getter,");
        w.Line("        Setter = setter,");
        w.Line("        IgnoreCondition = omitWhenNull ? global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull : null,");
        w.Line("        Converter = converter,");
        w.Line("    };");
        w.Line($"    {Meta}.JsonPropertyInfo property = {Services}.CreatePropertyInfo(options, values);");
        w.Line("    property.IsRequired = required;");
        w.Line("    property.IsGetNullable = nullable;");
        w.Line("    property.IsSetNullable = nullable;");
        w.Line("    return property;");
        w.Line("}");
    }

    private static string SetterName(JsonPropertyModel p) => "Set" + Names.Identifier(p.DeclaringType.Replace("global::", string.Empty)) + p.ClrName;

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Literal(string value) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
