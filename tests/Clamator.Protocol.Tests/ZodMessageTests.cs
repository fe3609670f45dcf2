using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Constraint messages worded as zod@3.25.76 words them, e.g.
/// <c>node -e "const {z}=require('zod'); console.log(z.literal('a\"b').safeParse('x').error.issues[0].message)"</c>.
/// </summary>
public sealed class ZodMessageTests
{
    [Fact]
    public void A_string_literal_is_quoted_as_json_stringify_quotes_it() =>
        Assert.Equal("Invalid literal value, expected \"a\\\"b\\né\\ud800\"", Message(c => c.Literal("v", "x", "a\"b\né\ud800")));

    [Theory]
    [InlineData("a", 2, 4, "String must contain at least 2 character(s)")]
    [InlineData("abcde", 2, 4, "String must contain at most 4 character(s)")]
    [InlineData("ab", 3, 3, "String must contain exactly 3 character(s)")]
    public void String_lengths_read_like_zod(string value, int min, int max, string message) =>
        Assert.Equal(message, Message(c => c.StringLength("v", value, min, max)));

    [Theory]
    [InlineData(0, 1, null, "Array must contain at least 1 element(s)")]
    [InlineData(11, null, 10, "Array must contain at most 10 element(s)")]
    [InlineData(1, 2, 2, "Array must contain exactly 2 element(s)")]
    public void Counts_read_like_zod(int count, int? min, int? max, string message) =>
        Assert.Equal(message, Message(c => c.Count("v", count, min, max)));

    [Fact]
    public void An_integral_check_reads_like_zods_int() =>
        Assert.Equal("Expected integer, received float", Message(c => c.Integer("v", 0.5)));

    private static string Message(Action<ValidationContext> check)
    {
        ValidationFailure failure = ValidationContext.Check(new Checked(check))!;
        return Assert.Single(failure.Issues).Message;
    }

    private sealed record Checked(Action<ValidationContext> Check) : IValidatable
    {
        public void Validate(ValidationContext context) => Check(context);
    }
}
