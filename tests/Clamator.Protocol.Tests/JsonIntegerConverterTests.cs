using System.Text.Json;
using Xunit;

namespace Clamator.Tests;

public sealed class JsonIntegerConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonIntegerConverter(), new JsonInt32Converter() } };

    [Theory]
    [InlineData("5", 5)]
    [InlineData("5.0", 5)]
    [InlineData("-3.000", -3)]
    [InlineData("1e3", 1000)]
    [InlineData("-0", 0)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integral_numbers_are_accepted(string json, long expected) =>
        Assert.Equal(expected, JsonSerializer.Deserialize<long>(json, Options));

    [Theory]
    [InlineData("5.5", "Expected integer, received float")]
    [InlineData("\"5\"", "Expected number, received string")]
    [InlineData("true", "Expected number, received boolean")]
    [InlineData("null", "Expected number, received null")]
    [InlineData("[]", "Expected number, received array")]
    public void Other_values_are_rejected_with_zods_message(string json, string message) =>
        Assert.Equal(message, Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<long>(json, Options)).Message);

    [Theory]
    [InlineData("1e20", "Number must be less than or equal to 9223372036854775807 (the range of long)")]
    [InlineData("9223372036854775808", "Number must be less than or equal to 9223372036854775807 (the range of long)")]
    [InlineData("-1e30", "Number must be greater than or equal to -9223372036854775808 (the range of long)")]
    [InlineData("-92233720368547758090", "Number must be greater than or equal to -9223372036854775808 (the range of long)")]
    public void Integers_outside_the_range_of_long_fail_naming_the_bound(string json, string message) =>
        Assert.Equal(message, Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<long>(json, Options)).Message);

    [Theory]
    [InlineData("7.0", 7)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    public void Int32_accepts_integral_numbers_like_long(string json, int expected) =>
        Assert.Equal(expected, JsonSerializer.Deserialize<int>(json, Options));

    [Theory]
    [InlineData("2147483648", "Number must be less than or equal to 2147483647 (the range of int)")]
    [InlineData("-2147483649", "Number must be greater than or equal to -2147483648 (the range of int)")]
    [InlineData("3e9", "Number must be less than or equal to 2147483647 (the range of int)")]
    [InlineData("1.5", "Expected integer, received float")]
    public void Int32_outside_its_range_fails_naming_the_bound(string json, string message) =>
        Assert.Equal(message, Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<int>(json, Options)).Message);

    [Fact]
    public void Integers_are_written_without_a_fraction() =>
        Assert.Equal("""[3,-4]""", JsonSerializer.Serialize(new long[] { 3, -4 }, Options));
}
