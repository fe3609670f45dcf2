using System.Text.Json;

namespace Clamator;

/// <summary>The messages Clamator's converters report, worded like Zod's so peers read the same text.</summary>
internal static class ConverterMessages
{
    /// <summary>A JSON number beyond the range of the type, which System.Text.Json would read as Infinity.</summary>
    public const string OutOfRange = "Expected a finite number, received one out of range";

    /// <summary>A NaN or infinite value, which JSON cannot carry.</summary>
    public static string NotFinite(string value) => $"Expected a finite number, received {value}";

    /// <summary>The JSON type of a token, as Zod names it.</summary>
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        _ => token.ToString(),
    };
}
