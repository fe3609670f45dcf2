using System.Globalization;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// JavaScript number formatting and Zod's multipleOf, against what node 20 and zod@3.25.76 print:
/// <c>node -e "const {z}=require('zod'); console.log(String(x), x.toFixed(3), x.toFixed(0), z.number().multipleOf(s).safeParse(v).success)"</c>.
/// </summary>
public sealed class JsNumbersTests
{
    [Theory]
    [InlineData("0.07", "0.07", "0.070", "0")]
    [InlineData("1e+21", "1e+21", "1e+21", "1e+21")]
    [InlineData("1.5e+21", "1.5e+21", "1.5e+21", "1.5e+21")]
    [InlineData("3e-7", "3e-7", "0.000", "0")]
    [InlineData("1e-7", "1e-7", "0.000", "0")]
    [InlineData("123.456", "123.456", "123.456", "123")]
    [InlineData("1000000000000000", "1000000000000000", "1000000000000000.000", "1000000000000000")]
    [InlineData("10000000000000000", "10000000000000000", "10000000000000000.000", "10000000000000000")]
    [InlineData("0.000001", "0.000001", "0.000", "0")]
    [InlineData("1.5e-7", "1.5e-7", "0.000", "0")]
    [InlineData("5e-324", "5e-324", "0.000", "0")]
    [InlineData("1.7976931348623157e+308", "1.7976931348623157e+308", "1.7976931348623157e+308", "1.7976931348623157e+308")]
    [InlineData("0.30000000000000004", "0.30000000000000004", "0.300", "0")]
    [InlineData("123456789012345680000", "123456789012345680000", "123456789012345683968.000", "123456789012345683968")]
    [InlineData("0.0000012", "0.0000012", "0.000", "0")]
    [InlineData("100", "100", "100.000", "100")]
    [InlineData("9007199254740992", "9007199254740992", "9007199254740992.000", "9007199254740992")]
    [InlineData("4.35", "4.35", "4.350", "4")]
    [InlineData("0.3333333333333333", "0.3333333333333333", "0.333", "0")]
    [InlineData("-2.5", "-2.5", "-2.500", "-3")]
    [InlineData("0.5", "0.5", "0.500", "1")]
    [InlineData("1.005", "1.005", "1.005", "1")]
    [InlineData("2.675", "2.675", "2.675", "3")]
    [InlineData("-0.0005", "-0.0005", "-0.001", "-0")]
    [InlineData("0.00001", "0.00001", "0.000", "0")]
    [InlineData("1.23e-18", "1.23e-18", "0.000", "0")]
    [InlineData("987654321000000", "987654321000000", "987654321000000.000", "987654321000000")]
    public void Formats_numbers_as_javascript_does(string value, string text, string fixed3, string fixed0)
    {
        double x = double.Parse(value, CultureInfo.InvariantCulture);

        Assert.Equal(text, JsNumbers.ToString(x));
        Assert.Equal(fixed3, JsNumbers.ToFixed(x, 3));
        Assert.Equal(fixed0, JsNumbers.ToFixed(x, 0));
    }

    [Theory]
    [InlineData("0.07", "0.01", true)]
    [InlineData("19.99", "0.01", true)]
    [InlineData("0.3", "0.1", true)]
    [InlineData("1.1", "0.1", true)]
    [InlineData("0.30000000000000004", "0.01", false)]
    [InlineData("1e+21", "0.01", true)]
    [InlineData("1.5e+21", "0.01", false)]
    [InlineData("3e-7", "0.01", true)]
    [InlineData("0", "1e-7", false)]
    [InlineData("3e-7", "1e-7", false)]
    [InlineData("5", "5", true)]
    [InlineData("7", "5", false)]
    [InlineData("10", "2.5", true)]
    [InlineData("7.5", "2.5", true)]
    [InlineData("8", "2.5", false)]
    [InlineData("0.125", "0.025", true)]
    [InlineData("1e-10", "1e-10", false)]
    [InlineData("123456789.123", "0.001", true)]
    [InlineData("-0.07", "0.01", true)]
    [InlineData("-7", "5", false)]
    [InlineData("2.675", "0.005", true)]
    [InlineData("1e+300", "3", false)]
    [InlineData("4.35", "0.05", true)]
    [InlineData("0.000001", "5e-7", false)]
    [InlineData("1.0000000000000002", "1", false)]
    [InlineData("9007199254740992", "2", true)]
    [InlineData("0.1", "0.03", false)]
    [InlineData("33.33", "0.11", true)]
    [InlineData("1e-7", "1e-8", false)]
    [InlineData("5e-324", "1", true)]
    [InlineData("123.456", "0.001", true)]
    [InlineData("0", "5", true)]
    [InlineData("100000000000000000000", "7", false)]
    [InlineData("0.7", "0.35", true)]
    [InlineData("15", "0.3", true)]
    [InlineData("1.005", "0.005", true)]
    [InlineData("99.99", "0.33", true)]
    [InlineData("0.5", "0.25", true)]
    [InlineData("0.000001", "2e-7", false)]
    [InlineData("0.000025", "0.000005", true)]
    [InlineData("1234.5678", "0.0001", true)]
    [InlineData("0.1", "0.1", true)]
    [InlineData("1", "0.1", true)]
    [InlineData("0.9", "0.3", true)]
    public void Multiple_of_decides_as_zod_does(string value, string step, bool zodAccepts)
    {
        var context = new ValidationContext();

        context.MultipleOf("n", double.Parse(value, CultureInfo.InvariantCulture), double.Parse(step, CultureInfo.InvariantCulture));

        Assert.Equal(zodAccepts, !context.HasIssues);
    }

    [Fact]
    public void A_decimal_price_is_a_multiple_of_a_cent_like_zod()
    {
        var context = new ValidationContext();

        context.MultipleOf("price", 0.07, 0.01);
        context.MultipleOf("total", 19.99, 0.01);

        Assert.False(context.HasIssues);
    }

    [Fact]
    public void The_message_names_the_step_as_zod_writes_it() =>
        Assert.Equal("Number must be a multiple of 1e-7", Assert.Single(Failure(3e-7, 1e-7).Issues).Message);

    private static ValidationFailure Failure(double value, double step) => ValidationContext.Check(new Stepped(value, step))!;

    private sealed record Stepped(double Value, double Step) : IValidatable
    {
        public void Validate(ValidationContext context) => context.MultipleOf("value", Value, Step);
    }
}
