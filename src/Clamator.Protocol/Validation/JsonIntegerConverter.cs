using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clamator;

/// <summary>
/// Reads JSON integers leniently as peers send them (<c>5</c> and <c>5.0</c> are both 5; <c>5.5</c> is
/// rejected) and writes them without a fraction (WIRE.md §4). Register it in a source-generated
/// context's <c>[JsonSourceGenerationOptions(Converters = ...)]</c> or on a property.
/// </summary>
public sealed class JsonIntegerConverter : JsonConverter<long>
{
    /// <inheritdoc />
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected integer, received {ConverterMessages.Describe(reader.TokenType)}");
        }

        if (reader.TryGetInt64(out long value))
        {
            return value;
        }

        if (reader.TryGetDouble(out double number) && double.IsFinite(number) && Math.Floor(number) == number
            && number >= long.MinValue && number < 9.2233720368547758E18)
        {
            return (long)number;
        }

        throw new JsonException("Expected integer, received float");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
