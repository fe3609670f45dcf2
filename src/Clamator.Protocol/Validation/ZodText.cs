using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clamator;

/// <summary>
/// Wording shared with Zod's error messages, so a peer's user reads the same text from every language: the names
/// of JSON types, the messages Clamator's converters report, and strings quoted as Zod's messages quote them.
/// </summary>
internal static class ZodText
{
    /// <summary>A JSON number beyond the range of the type, which System.Text.Json would read as Infinity.</summary>
    public const string OutOfRange = "Expected a finite number, received one out of range";

    /// <summary>A NaN or infinite value, which JSON cannot carry.</summary>
    public static string NotFinite(string value) => $"Expected a finite number, received {value}";

    /// <summary>
    /// <paramref name="text"/> as JavaScript's <c>JSON.stringify</c> writes it, for Zod's literal messages: in double
    /// quotes, with <c>"</c>, <c>\</c>, control characters and lone surrogates escaped, everything else as it is.
    /// </summary>
    public static string JsonString(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool lone = char.IsHighSurrogate(c) ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]) : char.IsLowSurrogate(c)
                && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' || lone => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is null)
            {
                result.Append(c);
            }
            else
            {
                result.Append(escape);
            }
        }

        return result.Append('"').ToString();
    }

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
