using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Clamator;

/// <summary>
/// The one reader of what System.Text.Json throws, behind <see cref="ValidationFailure.FromSerializerError"/>: it
/// finds the path (the exception's, or the one System.Text.Json appends to its message), splits a missing-members
/// error into one issue per member, and replaces System.Text.Json's wording by Zod's where the issue is the same,
/// using the metadata that was read (what was expected at the path) and the JSON text (what was received there).
/// </summary>
internal static class SerializerErrors
{
    /// <summary>
    /// The failure for <paramref name="exception"/>, thrown while reading <paramref name="json"/> with
    /// <paramref name="root"/> (when given) or while writing.
    /// </summary>
    public static ValidationFailure ToFailure(Exception exception, JsonTypeInfo? root, ReadOnlyMemory<byte> json)
    {
        // A null item found by the generated metadata: its path is relative to the object that checked it, which is at
        // the path of the outermost exception: the item's own when read (System.Text.Json sets it), or that of the
        // JsonException EnvelopeWriter wraps it in when written (the member being written when the check threw).
        if ((exception as JsonItemException ?? exception.InnerException as JsonItemException) is { } item)
        {
            IReadOnlyList<object> at = ValidationContext.ParseJsonPath((exception as JsonException)?.Path);
            return new ValidationFailure([new ValidationIssue([.. at, .. item.RelativePath], item.Issue)]);
        }

        // System.Text.Json appends "Path: $.x | LineNumber: ..." to its messages; JsonException also carries the path.
        string message = exception.Message;
        string? jsonPath = (exception as JsonException)?.Path;
        int cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            if (jsonPath is null)
            {
                int end = message.IndexOf(" | ", cut, StringComparison.Ordinal);
                jsonPath = end < 0 ? message[(cut + 7)..].TrimEnd('.') : message[(cut + 7)..end];
            }

            message = message[..cut];
        }

        IReadOnlyList<object> path = ValidationContext.ParseJsonPath(jsonPath);

        // "JSON deserialization for type 'X' was missing required properties including: 'a', 'b'."
        const string MissingMarker = "missing required properties including: ";
        int missing = message.IndexOf(MissingMarker, StringComparison.Ordinal);
        if (missing > 0)
        {
            string[] members = message[(missing + MissingMarker.Length)..].TrimEnd('.').Split(", ");
            if (members.All(m => m.Length > 2 && m[0] == '\'' && m[^1] == '\''))
            {
                return new ValidationFailure([.. members.Select(m => new ValidationIssue([.. path, m[1..^1]], "Required"))]);
            }
        }

        if (root is not null && InZodTerms(message, path, root, json) is { } issue)
        {
            return new ValidationFailure([issue]);
        }

        return new ValidationFailure([new ValidationIssue(path, message)]);
    }

    /// <summary>The issue in Zod's terms, or <see langword="null"/> when the error is not one Zod words differently.</summary>
    private static ValidationIssue? InZodTerms(string message, IReadOnlyList<object> path, JsonTypeInfo root, ReadOnlyMemory<byte> json)
    {
        // "The JSON property 'x' could not be mapped to any .NET member contained in type 'T'." (a strict object)
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && path.Count > 0 && path[^1] is string key)
        {
            return new ValidationIssue([.. path.Take(path.Count - 1)], $"Unrecognized key(s) in object: '{key}'");
        }

        // "Read unrecognized type discriminator id 'x'." / "... must specify a type discriminator."
        if (message.StartsWith("Read unrecognized type discriminator", StringComparison.Ordinal)
            || message.Contains("must specify a type discriminator", StringComparison.Ordinal))
        {
            if (TypeAt(root, path)?.PolymorphismOptions is { DerivedTypes.Count: > 0 } polymorphism)
            {
                string expected = string.Join(" | ", polymorphism.DerivedTypes.Select(d => $"'{d.TypeDiscriminator}'"));
                return new ValidationIssue([.. path, polymorphism.TypeDiscriminatorPropertyName], $"Invalid discriminator value. Expected {expected}");
            }

            return null;
        }

        // "The property or field 'x' on type 'T' doesn't allow setting null values." / "The constructor parameter ... doesn't allow null values."
        bool nullRefused = message.Contains("doesn't allow setting null values", StringComparison.Ordinal)
            || message.Contains("doesn't allow null values", StringComparison.Ordinal);
        if (nullRefused || message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            string? expected = TypeAt(root, path) is { } info ? Expected(info) : null;
            string? received = nullRefused ? "null" : ReceivedAt(json, path);
            if (expected is not null && received is not null && expected != received)
            {
                return new ValidationIssue(path, $"Expected {expected}, received {received}");
            }
        }

        return null;
    }

    /// <summary>The metadata of the value at <paramref name="path"/> below <paramref name="root"/>.</summary>
    private static JsonTypeInfo? TypeAt(JsonTypeInfo root, IReadOnlyList<object> path)
    {
        JsonTypeInfo info = root;
        foreach (object segment in path)
        {
            Type? next = (info.Kind, segment) switch
            {
                (JsonTypeInfoKind.Enumerable, int) => info.ElementType,
                (JsonTypeInfoKind.Dictionary, string) => info.ElementType,
                (JsonTypeInfoKind.Object, string name) => PropertyType(info, name),
                _ => null,
            };
            if (next is null)
            {
                return null;
            }

            info = info.Options.GetTypeInfo(next);
        }

        return info;
    }

    /// <summary>The type of the property <paramref name="name"/>, looked up in the derived types too for a polymorphic base.</summary>
    private static Type? PropertyType(JsonTypeInfo info, string name)
    {
        foreach (JsonPropertyInfo property in info.Properties)
        {
            if (property.Name == name)
            {
                return property.PropertyType;
            }
        }

        foreach (JsonDerivedType derived in info.PolymorphismOptions?.DerivedTypes ?? [])
        {
            if (PropertyType(info.Options.GetTypeInfo(derived.DerivedType), name) is { } type)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Zod's name for what <paramref name="info"/> reads (<c>string</c>, <c>number</c>, <c>array</c>, ...), when it has one.</summary>
    private static string? Expected(JsonTypeInfo info)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return "array";
            case JsonTypeInfoKind.Dictionary:
            case JsonTypeInfoKind.Object:
                return "object";
        }

        Type type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type.IsEnum)
        {
            return null;
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char or TypeCode.DateTime => "string",
            TypeCode.Boolean => "boolean",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
            _ when type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Uri)
                || type == typeof(DateOnly) || type == typeof(TimeOnly) => "string",
            _ => null,
        };
    }

    /// <summary>Zod's name for the JSON value at <paramref name="path"/>, or <see langword="null"/> when the path is not in the text.</summary>
    private static string? ReceivedAt(ReadOnlyMemory<byte> json, IReadOnlyList<object> path)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement element = document.RootElement;
            foreach (object segment in path)
            {
                if (segment is int index && element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength())
                {
                    element = element[index];
                }
                else if (segment is string name && element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement member))
                {
                    element = member;
                }
                else
                {
                    return null;
                }
            }

            return ZodText.Received(element.ValueKind);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
