using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clamator.Codegen;

/// <summary>
/// Maps a contract's JSON Schemas (as zod-to-json-schema writes them) to C# declarations, following docs/protocol.md
/// §10.2, which departs from the reference mapping
/// where Zod accepts more: <c>number</c>→<c>double</c>, <c>integer</c>→<c>double</c> checked integral (as Zod's
/// <c>.int()</c>; <c>z.bigint()</c>, <c>integer</c> with format <c>int64</c>, →<c>long</c>), optional ⇒ nullable and omitted when unset, nullable ⇒
/// <c>null</c> allowed, string enums ⇒ enums, arrays ⇒ lists, <c>additionalProperties</c> ⇒ dictionaries, nested
/// objects ⇒ records, <c>date-time</c> ⇒ <see cref="DateTimeOffset"/>, discriminated unions ⇒ polymorphic records,
/// <see cref="JsonElement"/> where no better type exists. Constraints become <c>IValidatable</c> checks.
/// </summary>
internal sealed class SchemaMapper
{
    /// <summary>Members every generated record already has; a field that would collide gets a <c>Value</c> suffix.</summary>
    private static readonly string[] ReservedMembers = ["Validate", "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "PrintMembers",
        "Deconstruct", "MemberwiseClone"];

    private readonly HashSet<string> _names;
    private readonly List<TypeDeclaration> _types = [];

    /// <param name="usedNames">Type names already taken in the namespace; new names are added to it.</param>
    public SchemaMapper(HashSet<string> usedNames) => _names = usedNames;

    public ServiceDeclaration Map(LoadedContract contract)
    {
        if (!RpcNames.IsValidService(contract.Service))
        {
            throw new CodegenException(
                $"{contract.SourceFile}: service name '{contract.Service}' is invalid (lowercase letters, digits and '-', starting with a letter).");
        }

        string serviceType = CSharpNames.Pascal(contract.Service);
        var methods = new List<MethodDeclaration>();
        foreach (LoadedMethod method in contract.Methods)
        {
            if (!RpcNames.IsValidMethod(method.Name))
            {
                throw new CodegenException(
                    $"{contract.SourceFile}: method name '{method.Name}' is invalid (ASCII letters and digits, starting with a lowercase letter).");
            }

            string pascal = CSharpNames.Pascal(method.Name);
            string where = $"{contract.Service}.{method.Name}";
            string paramsType = TopLevel(method.ParamsMapping ?? method.ParamsSchema, Reserve(pascal + "Params", serviceType), $"Params of <c>{where}</c>.");
            string? resultType = (method.ResultMapping ?? method.ResultSchema) is { } result
                ? TopLevel(result, Reserve(pascal + "Result", serviceType), $"Result of <c>{where}</c>.")
                : null;
            methods.Add(new MethodDeclaration(method.Name, pascal + "Async", paramsType, resultType));
        }

        return new ServiceDeclaration(contract.Service, serviceType, contract.SourceFile, methods, _types);
    }

    private string TopLevel(string schemaText, string name, string summary)
    {
        using JsonDocument document = JsonDocument.Parse(schemaText);
        JsonElement schema = document.RootElement;
        if (Str(schema, "type") != "object" || !schema.TryGetProperty("properties", out _))
        {
            throw new CodegenException($"{summary.Replace("<c>", "'").Replace("</c>", "'")} must be a z.object(...) schema.");
        }

        return Record(schema, name, summary, null, null);
    }

    private string Record(JsonElement schema, string name, string summary, string? baseName, string? skip)
    {
        var required = schema.TryGetProperty("required", out JsonElement list) ? list.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
        int index = _types.Count;
        var properties = new List<PropertyDeclaration>();
        var usedMembers = new HashSet<string>(ReservedMembers, StringComparer.Ordinal) { name };
        foreach (JsonProperty field in schema.GetProperty("properties").EnumerateObject())
        {
            if (field.Name == skip)
            {
                continue;
            }

            string member = CSharpNames.Pascal(field.Name);
            while (!usedMembers.Add(member))
            {
                member += "Value";
            }

            properties.Add(Property(field.Name, member, field.Value, required.Contains(field.Name), name));
        }

        bool strict = schema.TryGetProperty("x-clamator-strict", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;
        _types.Insert(index, new RecordDeclaration(name, summary, properties, baseName, strict));
        return name;
    }

    private PropertyDeclaration Property(string jsonName, string member, JsonElement schema, bool inRequired, string owner)
    {
        Shape shape = TypeOf(schema, owner + CSharpNames.Pascal(jsonName), $"<c>{Xml(jsonName)}</c> of <see cref=\"{owner}\"/>.");
        string? initializer = schema.TryGetProperty("default", out JsonElement value) ? Literal(value, shape.Type) ?? EnumLiteral(value, shape.Type) : null;
        bool required = inRequired && initializer is null;
        bool nullable = shape.Nullable || !required;
        string summary = schema.TryGetProperty("description", out JsonElement description) && description.GetString() is { Length: > 0 } text
            ? Xml(text)
            : $"The <c>{Xml(jsonName)}</c> field{(required ? string.Empty : " (optional)")}.";
        return new PropertyDeclaration(
            jsonName, member, nullable ? shape.Type + "?" : shape.Type, required, initializer, summary, shape.Checks, shape.Attributes);
    }

    /// <summary>The C# type of a schema and the checks its constraints need.</summary>
    private Shape TypeOf(JsonElement schema, string hint, string summary)
    {
        if (schema.TryGetProperty("anyOf", out JsonElement anyOf))
        {
            return AnyOf([.. anyOf.EnumerateArray()], hint, summary);
        }

        if (schema.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.Array)
        {
            string[] types = [.. type.EnumerateArray().Select(t => t.GetString()!)];
            bool nullable = types.Contains("null");
            string[] others = [.. types.Where(t => t != "null")];
            return others.Length == 1
                ? Single(schema, others[0], hint, summary) with { Nullable = nullable }
                : Element(types, nullable);
        }

        return Str(schema, "type") is { } single ? Single(schema, single, hint, summary) : new Shape("JsonElement", false, []);
    }

    private Shape Single(JsonElement schema, string type, string hint, string summary)
    {
        var checks = new List<string>();
        switch (type)
        {
            case "string":
                if (schema.TryGetProperty("enum", out JsonElement values))
                {
                    return new Shape(Enum(Reserve(hint), summary, [.. values.EnumerateArray().Select(v => v.GetString()!)]), false, []);
                }

                if (Str(schema, "format") == "date-time")
                {
                    return new Shape("DateTimeOffset", false, []) { Attributes = DateTimeAttribute(schema) };
                }

                switch (Str(schema, "format"))
                {
                    case "uuid":
                        checks.Add("context.Uuid({0}, {1});");
                        break;
                    case "email":
                        checks.Add("context.Email({0}, {1});");
                        break;
                    case "uri":
                        checks.Add("if ({1} is not null && !Uri.TryCreate({1}, UriKind.Absolute, out _)) context.Fail({0}, \"Invalid url\");");
                        break;
                    case "date":
                        checks.Add("context.IsoDate({0}, {1});");
                        break;
                    case "time":
                        string precision = schema.TryGetProperty("x-clamator-time", out JsonElement time)
                            && time.TryGetProperty("precision", out JsonElement digits)
                            && digits.ValueKind == JsonValueKind.Number ? ", " + digits.GetRawText() : string.Empty;
                        checks.Add($"context.Time({{0}}, {{1}}{precision});");
                        break;
                }

                if (Str(schema, "pattern") is { } source)
                {
                    string pattern = JavaScriptPattern(source);
                    string options = Compiles(pattern, RegexOptions.ECMAScript) ? "RegexOptions.ECMAScript" : "RegexOptions.None";
                    string literal = Quote(pattern).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
                    checks.Add($"if ({{1}} is not null && !System.Text.RegularExpressions.Regex.IsMatch({{1}}, {literal}, " +
                        $"System.Text.RegularExpressions.{options})) context.Fail({{0}}, \"Invalid\");");
                }

                if (schema.TryGetProperty("const", out JsonElement text))
                {
                    checks.Add($"context.Literal({{0}}, {{1}}, " +
                        $"{Quote(text.GetString()!).Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal)});");
                }

                AddLength(schema, "minLength", "maxLength", "StringLength", "{1}", checks);
                return new Shape("string", false, checks);
            case "number":
            case "integer":
                // z.number().int() is a JS number that Number.isInteger accepts: any integral double (1e20 too), so it
                // maps to double with an integer check, as Zod checks it. z.bigint() (format int64) stays long.
                bool bigint = type == "integer" && Str(schema, "format") == "int64";
                if (type == "integer" && !bigint)
                {
                    checks.Add("context.Integer({0}, {1});");
                }

                AddBounds(schema, checks);
                if (schema.TryGetProperty("multipleOf", out JsonElement step) && step.ValueKind == JsonValueKind.Number)
                {
                    checks.Add($"context.MultipleOf({{0}}, {{1}}, {step.GetRawText()});");
                }

                if (schema.TryGetProperty("const", out JsonElement number))
                {
                    checks.Add($"if ({{1}} is {{{{ }}}} {{1}}Value && {{1}}Value != {number.GetRawText()}) context.Fail({{0}}, \"Invalid literal value, " +
                        $"expected {number.GetRawText()}\");");
                }

                return new Shape(bigint ? "long" : "double", false, checks);
            case "boolean":
                if (schema.TryGetProperty("const", out JsonElement flag))
                {
                    string expected = flag.GetBoolean() ? "true" : "false";
                    checks.Add($"if ({{1}} is {{{{ }}}} {{1}}Value && {{1}}Value != {expected}) context.Fail({{0}}, \"Invalid literal value, expected " +
                        $"{expected}\");");
                }

                return new Shape("bool", false, checks);
            case "array":
                Shape item = schema.TryGetProperty("items", out JsonElement items) && items.ValueKind == JsonValueKind.Object
                    ? TypeOf(items, Singular(hint), $"An item of {summary}")
                    : new Shape("JsonElement", false, []);
                if (schema.TryGetProperty("items", out JsonElement tuple) && tuple.ValueKind == JsonValueKind.Array)
                {
                    // A tuple: Zod words its bounds "at least"/"at most", never "exactly".
                    AddLength(schema, "minItems", null, "Count", "{1}?.Count", checks);
                    AddLength(schema, null, "maxItems", "Count", "{1}?.Count", checks);
                }
                else
                {
                    AddLength(schema, "minItems", "maxItems", "Count", "{1}?.Count", checks);
                }

                if (item.IsRecord)
                {
                    checks.Add("context.Each({0}, {1});");
                }

                return new Shape($"IReadOnlyList<{item.Type}{(item.Nullable ? "?" : string.Empty)}>", false, checks);
            case "object":
                if (schema.TryGetProperty("properties", out _))
                {
                    return new Shape(Record(schema, Reserve(hint), summary, null, null), false, ["context.Nested({0}, {1});"], IsRecord: true);
                }

                if (schema.TryGetProperty("additionalProperties", out JsonElement values2) && values2.ValueKind == JsonValueKind.Object)
                {
                    Shape value = TypeOf(values2, hint + "Value", $"A value of {summary}");
                    return new Shape($"IReadOnlyDictionary<string, {value.Type}{(value.Nullable ? "?" : string.Empty)}>", false,
                        value.IsRecord ? ["context.EachValue({0}, {1});"] : []);
                }

                return new Shape("JsonElement", false,
                    ["if ({1} is {{ }} {1}Value && {1}Value.ValueKind != JsonValueKind.Object) context.Fail({0}, \"Expected object, received \" + " +
                    "JsonChecks.Received({1}Value.ValueKind));"]);
            case "null":
                return new Shape("JsonElement", true, []);
            default:
                return new Shape("JsonElement", false, []);
        }
    }

    private Shape AnyOf(JsonElement[] options, string hint, string summary)
    {
        bool nullable = options.Any(o => Str(o, "type") == "null");
        JsonElement[] others = [.. options.Where(o => Str(o, "type") != "null")];
        if (others.Length == 1)
        {
            return TypeOf(others[0], hint, summary) with { Nullable = true };
        }

        if (Discriminator(others) is { } discriminator)
        {
            string name = Reserve(hint);
            var variants = new List<(string, string)>();
            _types.Add(new UnionDeclaration(name, summary, discriminator, variants));
            foreach (JsonElement option in others)
            {
                string value = option.GetProperty("properties").GetProperty(discriminator).GetProperty("const").GetString()!;
                string variant = Record(
                    option, Reserve(name + CSharpNames.Pascal(value)), $"The <c>{Xml(value)}</c> case of <see cref=\"{name}\"/>.", name, discriminator);
                variants.Add((value, variant));
            }

            return new Shape(name, nullable, ["context.Nested({0}, {1});"], IsRecord: true);
        }

        string[] kinds = [.. others.Select(o => Str(o, "type") ?? "any")];
        return Element(kinds, nullable);
    }

    /// <summary>A <see cref="JsonElement"/> checked to be one of the JSON types <paramref name="types"/>.</summary>
    private static Shape Element(string[] types, bool nullable)
    {
        if (types.Contains("any"))
        {
            return new Shape("JsonElement", nullable, []);
        }

        string[] kinds = [.. types.Distinct().SelectMany(t => t switch
        {
            "string" => ["String"],
            "number" or "integer" => ["Number"],
            "boolean" => ["True", "False"],
            "object" => ["Object"],
            "array" => ["Array"],
            _ => new[] { "Null" },
        }).Distinct()];
        string condition = string.Join(" or ", kinds.Select(k => "JsonValueKind." + k));
        // Zod's union error: "Invalid input" (its union of alternatives failed; which one it would have been is not said).
        return new Shape("JsonElement", nullable,
            [$"if ({{1}} is {{{{ }}}} {{1}}Value && {{1}}Value.ValueKind is not ({condition}{(nullable ? " or JsonValueKind.Null" : string.Empty)})) " +
            $"context.Fail({{0}}, \"Invalid input\");"]);
    }

    /// <summary>The property every option is an object with, carrying a distinct string <c>const</c>.</summary>
    private static string? Discriminator(JsonElement[] options)
    {
        if (options.Length < 2 || options.Any(o => Str(o, "type") != "object" || !o.TryGetProperty("properties", out _)))
        {
            return null;
        }

        foreach (JsonProperty candidate in options[0].GetProperty("properties").EnumerateObject())
        {
            var values = options.Select(
                o => o.GetProperty("properties").TryGetProperty(candidate.Name, out JsonElement p) && Str(p, "const") is { } v ? v : null).ToList();
            if (values.All(v => v is not null) && values.Distinct().Count() == values.Count)
            {
                return candidate.Name;
            }
        }

        return null;
    }

    private string Enum(string name, string summary, IReadOnlyList<string> values)
    {
        _types.Add(new EnumDeclaration(name, $"Values of {summary}", values));
        return name;
    }

    private string Reserve(string name, string? prefix = null)
    {
        if (_names.Add(name))
        {
            return name;
        }

        if (prefix is not null && _names.Add(prefix + name))
        {
            return prefix + name;
        }

        for (int i = 2; ; i++)
        {
            string candidate = name + i.ToString(CultureInfo.InvariantCulture);
            if (_names.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary><c>[ClamatorDateTime(...)]</c> for a date-time with Zod options (the loader's <c>x-clamator-datetime</c>), else none.</summary>
    private static IReadOnlyList<string> DateTimeAttribute(JsonElement schema)
    {
        if (!schema.TryGetProperty("x-clamator-datetime", out JsonElement options))
        {
            return [];
        }

        var arguments = new List<string>();
        if (options.TryGetProperty("offset", out JsonElement offset) && offset.ValueKind == JsonValueKind.True)
        {
            arguments.Add("Offset = true");
        }

        if (options.TryGetProperty("local", out JsonElement local) && local.ValueKind == JsonValueKind.True)
        {
            arguments.Add("Local = true");
        }

        if (options.TryGetProperty("precision", out JsonElement precision) && precision.ValueKind == JsonValueKind.Number)
        {
            arguments.Add("Precision = " + precision.GetRawText());
        }

        return arguments.Count == 0 ? [] : [$"[ClamatorDateTime({string.Join(", ", arguments)})]"];
    }

    private static void AddBounds(JsonElement schema, List<string> checks)
    {
        foreach ((string keyword, string method, bool exclusive) in new[]
        {
            ("minimum", "Minimum", false), ("exclusiveMinimum", "Minimum", true), ("maximum", "Maximum", false), ("exclusiveMaximum", "Maximum", true),
        })
        {
            if (schema.TryGetProperty(keyword, out JsonElement bound) && bound.ValueKind == JsonValueKind.Number)
            {
                checks.Add($"context.{method}({{0}}, {{1}}, {bound.GetRawText()}{(exclusive ? ", exclusive: true" : string.Empty)});");
            }
        }
    }

    private static void AddLength(JsonElement schema, string? minKeyword, string? maxKeyword, string method, string value, List<string> checks)
    {
        string? min = minKeyword is not null && schema.TryGetProperty(minKeyword, out JsonElement lo) ? lo.GetRawText() : null;
        string? max = maxKeyword is not null && schema.TryGetProperty(maxKeyword, out JsonElement hi) ? hi.GetRawText() : null;
        if (min is not null || max is not null)
        {
            checks.Add($"context.{method}({{0}}, {value}, {min ?? "null"}, {max ?? "null"});");
        }
    }

    private static string? Literal(JsonElement value, string type) => (value.ValueKind, type) switch
    {
        (JsonValueKind.Number, "long") => value.GetRawText(),
        (JsonValueKind.Number, "double") => value.GetRawText() + "d",
        (JsonValueKind.String, "string") => Quote(value.GetString()!),
        (JsonValueKind.True, "bool") => "true",
        (JsonValueKind.False, "bool") => "false",
        _ => null,
    };

    /// <summary>
    /// A JavaScript pattern (no flags) as a .NET one that matches the same strings: <c>$</c> only at the very end (.NET's
    /// also matches before a final newline) and <c>.</c> excluding every JavaScript line terminator (.NET's excludes
    /// <c>\n</c> only). Escapes and character classes are copied as they are.
    /// </summary>
    internal static string JavaScriptPattern(string pattern)
    {
        var result = new System.Text.StringBuilder(pattern.Length + 16);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
            }
            else if (inClass)
            {
                inClass = c != ']';
                result.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                result.Append(c);
            }
            else if (c == '$')
            {
                result.Append(@"(?!\n)$");
            }
            else if (c == '.')
            {
                result.Append(@"[^\n\r\u2028\u2029]");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static bool Compiles(string pattern, RegexOptions options)
    {
        try
        {
            _ = new Regex(pattern, options);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private string? EnumLiteral(JsonElement value, string type) =>
        value.ValueKind == JsonValueKind.String && _types.OfType<EnumDeclaration>().FirstOrDefault(e => e.Name == type) is { } enumeration
            && enumeration.Values.Contains(value.GetString())
            ? $"{type}.{CSharpNames.Pascal(value.GetString()!)}"
            : null;

    /// <summary>Text safe inside a one-line XML doc comment.</summary>
    private static string Xml(string text) =>
        System.Security.SecurityElement.Escape(string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)))!;

    private static string Singular(string name) =>
        name.Length > 1 && name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) ? name[..^1] : name + "Item";

    private static string Quote(string text) => CSharpNames.Quote(text);

    private static string? Str(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
        ? value.GetString() : null;

    /// <summary>A mapped type; <see cref="Attributes"/> go on a property of that type (lost inside lists and dictionaries).</summary>
    private sealed record Shape(string Type, bool Nullable, IReadOnlyList<string> Checks, bool IsRecord = false)
    {
        public IReadOnlyList<string> Attributes { get; init; } = [];
    }
}
