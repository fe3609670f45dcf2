using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clamator;

/// <summary>
/// Used by the JSON metadata the Clamator source generator writes, so its errors read like Zod's. System.Text.Json
/// lets a list or dictionary of a non-nullable reference type hold <c>null</c> (its nullable annotations cover
/// properties only), so the generated metadata checks the items itself, on read and on write, and reports a null
/// where Zod does: <c>Expected string, received null</c> at <c>["tags", 1]</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonChecks
{
    /// <summary>
    /// Zod's name for the type of the JSON value at <paramref name="token"/>: <c>string</c>, <c>number</c>,
    /// <c>boolean</c>, <c>null</c>, <c>array</c> or <c>object</c>.
    /// </summary>
    public static string Received(JsonTokenType token) => ZodText.Received(token);

    /// <summary>Zod's name for the type of a JSON value of <paramref name="kind"/>.</summary>
    public static string Received(JsonValueKind kind) => ZodText.Received(kind);

    /// <summary><paramref name="converter"/> for <c>T?</c>: <c>null</c> reads and writes as null, anything else as <paramref name="converter"/> does.</summary>
    public static JsonConverter<T?> Nullable<T>(JsonConverter<T> converter)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(converter);
        return new NullableConverter<T>(converter);
    }

    /// <summary>The error for a null item: <paramref name="path"/> is relative to the object being read or written.</summary>
    /// <param name="expected">Zod's name of the item type: <c>string</c>, <c>object</c> or <c>array</c>.</param>
    /// <param name="path">Member names and indexes from the object to the null item.</param>
    public static JsonException NullItem(string expected, params ReadOnlySpan<object> path)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return new JsonItemException($"Expected {expected}, received null", [.. path]);
    }

    /// <summary>
    /// <paramref name="exception"/> from a nested object's check, with <paramref name="prefix"/> (the nested object's
    /// member names and indexes) put in front of its path; any other exception unchanged.
    /// </summary>
    public static JsonException Under(JsonException exception, params ReadOnlySpan<object> prefix)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is JsonItemException item)
        {
            item.RelativePath.InsertRange(0, prefix.ToArray());
        }

        return exception;
    }
}

/// <summary>A converter of <typeparamref name="T"/> lifted to <c>T?</c>.</summary>
internal sealed class NullableConverter<T>(JsonConverter<T> inner) : JsonConverter<T?>
    where T : struct
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : inner.Read(ref reader, typeof(T), options);

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        if (value is { } present)
        {
            inner.Write(writer, present, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A null item found by <see cref="JsonChecks"/>: its issue, and its path relative to the object checked.</summary>
internal sealed class JsonItemException : JsonException
{
    public JsonItemException(string issue, List<object> relativePath)
        : base(issue)
    {
        Issue = issue;
        RelativePath = relativePath;
    }

    /// <summary>Zod's message.</summary>
    public string Issue { get; }

    /// <summary>Member names and indexes from the checked object (at <see cref="JsonException.Path"/> once System.Text.Json sets it) to the item.</summary>
    public List<object> RelativePath { get; }

    /// <inheritdoc />
    public override string Message => RelativePath.Count == 0 ? Issue : $"{ValidationContext.FormatPath(RelativePath)}: {Issue}";
}
