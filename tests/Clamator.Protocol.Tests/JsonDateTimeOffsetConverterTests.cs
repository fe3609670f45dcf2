using System.Text.Json;
using Xunit;

namespace Clamator.Tests;

public sealed class JsonDateTimeOffsetConverterTests
{
    private static readonly JsonDateTimeOffsetConverter[] Variants =
    [
        new(),                        // z.string().datetime()
        new() { Offset = true },      // { offset: true }
        new() { Local = true },       // { local: true }
        new() { Precision = 3 },      // { precision: 3 }
        new() { Precision = 0 },      // { precision: 0 }
    ];

    /// <summary>
    /// What zod@3.25.76 answers for each text with z.string().datetime(), then { offset: true }, { local: true },
    /// { precision: 3 } and { precision: 0 } (Y accepted, n rejected), from
    /// <c>node -e "const {z}=require('zod'); console.log(z.string().datetime({offset:true}).safeParse(text).success)"</c>.
    /// </summary>
    [Theory]
    [InlineData("2026-01-01T10:00:00Z", "YYYnY")]
    [InlineData("2026-01-01T10:00Z", "YYYnY")]
    [InlineData("2026-01-01T10:00:00.5Z", "YYYnn")]
    [InlineData("2026-01-01T10:00:00.123456789Z", "YYYnn")]
    [InlineData("2026-01-01T10:00:00.Z", "nnnnn")]
    [InlineData("2026-01-01T10:00:00+02:00", "nYnnn")]
    [InlineData("2026-01-01T10:00:00+0200", "nYnnn")]
    [InlineData("2026-01-01T10:00:00-05:30", "nYnnn")]
    [InlineData("2026-01-01T10:00:00+02", "nnnnn")]
    [InlineData("2026-01-01T10:00:00", "nnYnn")]
    [InlineData("2026-01-01", "nnnnn")]
    [InlineData("2026-01-01t10:00:00z", "nnnnn")]
    [InlineData("2026-13-01T10:00:00Z", "nnnnn")]
    [InlineData("2026-02-29T10:00:00Z", "nnnnn")]
    [InlineData("2024-02-29T10:00:00Z", "YYYnY")]
    [InlineData("1900-02-29T00:00:00Z", "nnnnn")]
    [InlineData("2000-02-29T00:00:00Z", "YYYnY")]
    [InlineData("2026-04-31T00:00:00Z", "nnnnn")]
    [InlineData("2026-01-01T24:00:00Z", "nnnnn")]
    [InlineData("2026-01-01T23:59:60Z", "nnnnn")]
    [InlineData("2026-01-01 10:00:00Z", "nnnnn")]
    [InlineData(" 2026-01-01T10:00:00Z", "nnnnn")]
    [InlineData("2026-01-01T10:00:00Z\n", "nnnnn")]
    [InlineData("2026-1-01T10:00:00Z", "nnnnn")]
    [InlineData("2026-01-01T10:00:00.123Z", "YYYYn")]
    [InlineData("2026-01-01T10:00:00.1234Z", "YYYnn")]
    [InlineData("2026-01-01T10:00:00.123+02:00", "nYnnn")]

    public void Accepts_exactly_what_zod_datetime_accepts(string text, string zod)
    {
        for (int i = 0; i < Variants.Length; i++)
        {
            var options = new JsonSerializerOptions { Converters = { Variants[i] } };
            string json = JsonSerializer.Serialize(text);
            bool accepted;
            try
            {
                JsonSerializer.Deserialize<DateTimeOffset>(json, options);
                accepted = true;
            }
            catch (JsonException e)
            {
                Assert.Equal("Invalid datetime", e.Message);
                accepted = false;
            }

            Assert.True(accepted == (zod[i] == 'Y'),
                $"variant {i} {(accepted ? "accepted" : "rejected")} {json}; Zod {(zod[i] == 'Y' ? "accepts" : "rejects")} it");
        }
    }

    [Theory]
    [InlineData("\"2026-11-24T10:00:00Z\"", 0)]
    [InlineData("\"2026-11-24T10:00Z\"", 0)]
    [InlineData("\"2026-11-24T10:00:00.1234567891Z\"", 1_234_567)]
    public void Reads_the_instant_in_utc(string json, long ticks) =>
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddTicks(ticks),
        JsonSerializer.Deserialize<DateTimeOffset>(json, Options(new())));

    [Fact]
    public void An_offset_keeps_its_instant_when_allowed() =>
        Assert.Equal(
            new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
            JsonSerializer.Deserialize<DateTimeOffset>("\"2026-11-24T11:00:00+02:00\"", Options(new() { Offset = true })));

    [Fact]
    public void A_local_date_time_reads_as_utc() =>
        Assert.Equal(
            new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
            JsonSerializer.Deserialize<DateTimeOffset>("\"2026-11-24T10:00:00\"", Options(new() { Local = true })));

    [Theory]
    [InlineData("12", "Expected string, received number")]
    [InlineData("null", "Expected string, received null")]
    [InlineData("\"yesterday\"", "Invalid datetime")]
    [InlineData("\"2026-11-24T10:00:00+14:01\"", "Invalid datetime")]
    public void Rejects_what_is_not_a_date_time_with_zods_message(string json, string message) =>
        Assert.Equal(message, Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>(json, Options(new() { Offset = true }))).Message);

    [Theory]
    [InlineData(0, "\"2026-11-24T10:00:00Z\"")]
    [InlineData(5_000_000, "\"2026-11-24T10:00:00.5Z\"")]
    [InlineData(1_234_567, "\"2026-11-24T10:00:00.1234567Z\"")]
    public void Writes_utc_with_z_and_no_trailing_zeros(long ticks, string expected)
    {
        var value = new DateTimeOffset(2026, 11, 24, 11, 0, 0, TimeSpan.FromHours(1)).AddTicks(ticks);

        Assert.Equal(expected, JsonSerializer.Serialize(value, Options(new())));
    }

    [Theory]
    [InlineData(3, "\"2026-11-24T10:00:00.123Z\"")]
    [InlineData(0, "\"2026-11-24T10:00:00Z\"")]
    [InlineData(9, "\"2026-11-24T10:00:00.123456700Z\"")]
    public void Writes_exactly_the_precision_it_reads(int precision, string expected)
    {
        var converter = new JsonDateTimeOffsetConverter { Precision = precision };
        var value = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

        string json = JsonSerializer.Serialize(value, Options(converter));

        Assert.Equal(expected, json);
        JsonSerializer.Deserialize<DateTimeOffset>(json, Options(converter));
    }

    private static JsonSerializerOptions Options(JsonDateTimeOffsetConverter converter) => new() { Converters = { converter } };
}
