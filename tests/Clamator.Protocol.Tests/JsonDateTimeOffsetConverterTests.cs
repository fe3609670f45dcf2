using System.Text.Json;
using Xunit;

namespace Clamator.Tests;

public sealed class JsonDateTimeOffsetConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonDateTimeOffsetConverter() } };

    [Theory]
    [InlineData(0, "\"2026-11-24T10:00:00Z\"")]
    [InlineData(5_000_000, "\"2026-11-24T10:00:00.5Z\"")]
    [InlineData(1_234_567, "\"2026-11-24T10:00:00.1234567Z\"")]
    public void Writes_utc_with_z_and_no_trailing_zeros(long ticks, string expected)
    {
        var value = new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.FromHours(1)).AddTicks(ticks);

        Assert.Equal(expected, JsonSerializer.Serialize(value, Options));
    }

    [Theory]
    [InlineData("\"2026-11-24T10:00:00Z\"")]
    [InlineData("\"2026-11-24T11:00:00+01:00\"")]
    [InlineData("\"2026-11-24T10:00:00.000Z\"")]
    public void Reads_any_offset(string json) =>
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), JsonSerializer.Deserialize<DateTimeOffset>(json, Options));

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("12")]
    public void Rejects_what_is_not_a_date_time(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>(json, Options));
}
