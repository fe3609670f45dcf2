using System.Text.Json;
using Arith;
using Xunit;

namespace Clamator.Tests;

public sealed class JsonIntegerConverterTests
{
    [Theory]
    [InlineData("5", 5)]
    [InlineData("5.0", 5)]
    [InlineData("-3.000", -3)]
    [InlineData("1e3", 1000)]
    public void Integral_numbers_are_accepted(string json, long expected)
    {
        SlowAddParams p = JsonSerializer.Deserialize($$"""{"a":1,"b":2,"sleepMs":{{json}}}""", ArithContract.SlowAdd.Params)!;

        Assert.Equal(expected, p.SleepMs);
    }

    [Theory]
    [InlineData("5.5")]
    [InlineData("\"5\"")]
    [InlineData("true")]
    [InlineData("1e30")]
    public void Other_values_are_rejected(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize($$"""{"a":1,"b":2,"sleepMs":{{json}}}""", ArithContract.SlowAdd.Params));
    }

    [Fact]
    public void Integers_are_written_without_a_fraction() =>
        Assert.Equal("""{"a":1.5,"b":2,"sleepMs":3}""", JsonSerializer.Serialize(new SlowAddParams { A = 1.5, B = 2, SleepMs = 3 }, ArithContract.SlowAdd.Params));
}
