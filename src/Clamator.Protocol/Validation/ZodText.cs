using System.Text.Json;

namespace Clamator;

/// <summary>
/// Wording shared with Zod's error messages, so a peer's user reads the same text from every language: the names
/// of JSON types and the messages Clamator's converters report.
/// </summary>
internal static class ZodText
{
    /// <summary>A JSON number beyond the range of the type, which System.Text.Json would read as Infinity.</summary>
    public const string OutOfRange = "Expected a finite number, received one out of range";

    /// <summary>A NaN or infinite value, which JSON cannot carry.</summary>
    public static string NotFinite(string value) => $"Expected a finite number, received {value}";

    /// <summary>Zod's name for the type of the JSON value at <paramref name="token"/> (<c>received string</c>, ...).</summary>
    public static string Received(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        _ => "unknown",
    };

    /// <summary>Zod's name for the type of <paramref name="kind"/>.</summary>
    public static string Received(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "undefined",
    };
}
