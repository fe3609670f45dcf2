using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clamator;

/// <summary>
/// Reads a 64-bit integer leniently as peers send it (<c>5</c>, <c>5.0</c> and <c>5e0</c> are all 5; <c>5.5</c> is
/// rejected) and writes it without a fraction (docs/protocol.md §10.3). A value outside the range of <see cref="long"/>
/// fails naming the bound it breaks. Error messages read like Zod's (<c>Expected number, received string</c>,
/// <c>Expected integer, received float</c>). Register it in a source-generated context's
/// <c>[JsonSourceGenerationOptions(Converters = ...)]</c> or on a property; the Clamator source generator uses
/// it for every <see cref="long"/>.
/// </summary>
public sealed class JsonIntegerConverter : JsonConverter<long>
{
    /// <inheritdoc />
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonIntegers.Read(ref reader, long.MinValue, long.MaxValue, "long");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}

/// <summary>
/// Reads a 32-bit integer as <see cref="JsonIntegerConverter"/> reads a 64-bit one (<c>5.0</c> is 5, <c>5.5</c> is
/// rejected, a value outside the range of <see cref="int"/> fails naming the bound). The Clamator source
/// generator uses it for every <see cref="int"/>.
/// </summary>
public sealed class JsonInt32Converter : JsonConverter<int>
{
    /// <inheritdoc />
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (int)JsonIntegers.Read(ref reader, int.MinValue, int.MaxValue, "int");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}

/// <summary>The integer reading shared by the integer converters.</summary>
internal static class JsonIntegers
{
    /// <summary>Reads an integral JSON number within [<paramref name="min"/>, <paramref name="max"/>], the range of the C# <paramref name="type"/>.</summary>
    public static long Read(ref Utf8JsonReader reader, long min, long max, string type)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected number, received {ZodText.Received(reader.TokenType)}");
        }

        if (reader.TryGetInt64(out long value))
        {
            return value < min ? throw TooSmall(min, type) : value > max ? throw TooBig(max, type) : value;
        }

        ReadOnlySpan<byte> text = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (text.IndexOfAny(".eE"u8) < 0)
        {
            // An integer literal too long for a long: out of range whatever its digits.
            throw text[0] == (byte)'-' ? TooSmall(min, type) : TooBig(max, type);
        }

        if (!reader.TryGetDouble(out double number) || !double.IsFinite(number) || Math.Floor(number) != number)
        {
            throw new JsonException("Expected integer, received float");
        }

        if (number < min)
        {
            throw TooSmall(min, type);
        }

        // max + 1 as a double: 2^31 for int, 2^63 for long (where (double)long.MaxValue already rounds up to it).
        if (number >= (double)max + 1)
        {
            throw TooBig(max, type);
        }

        return (long)number;
    }

    private static JsonException TooSmall(long min, string type) => new($"Number must be greater than or equal to {min} (the range of {type})");

    private static JsonException TooBig(long max, string type) => new($"Number must be less than or equal to {max} (the range of {type})");
}
