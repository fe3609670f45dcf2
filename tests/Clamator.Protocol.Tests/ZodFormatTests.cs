using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The string formats against what zod@3.25.76 answers for the same text (true: accepted), from
/// <c>node -e "const {z}=require('zod'); console.log(z.string().email().safeParse(text).success)"</c> and likewise for
/// <c>.uuid()</c>, <c>.date()</c>, <c>.time()</c>, <c>.time({ precision: 3 })</c> and <c>.time({ precision: 0 })</c>.
/// </summary>
public sealed class ZodFormatTests
{
    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("a@b", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("a..b@example.com", false)]
    [InlineData(".a@example.com", false)]
    [InlineData("a.@example.com", false)]
    [InlineData("ada@example.c", false)]
    [InlineData("o'neil@example.com", true)]
    [InlineData("ada@sub.example.co.uk", true)]
    [InlineData(" ada@example.com", false)]
    [InlineData("ada@example.com\n", false)]
    [InlineData("ADA@EXAMPLE.COM", true)]
    [InlineData("a+b@x-y.io", true)]
    [InlineData("a@-x.io", false)]
    [InlineData("a@x..io", false)]
    [InlineData("é@example.com", false)]
    [InlineData("a@example.com.", false)]
    public void Email_accepts_what_zod_accepts(string text, bool zod) => Assert.Equal(zod, Passes(c => c.Email("v", text), "Invalid email"));

    [Theory]
    [InlineData("0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10", true)]
    [InlineData(" 0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10", false)]
    [InlineData("0B0E7F4E-3A41-4C8E-9A55-2D1A8C9B7E10", true)]
    [InlineData("{0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10}", false)]
    [InlineData("00000000-0000-0000-0000-000000000000", true)]
    [InlineData("0b0e7f4e3a414c8e9a552d1a8c9b7e10", false)]
    [InlineData("0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10\n", false)]
    [InlineData("0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e1g", false)]
    public void Uuid_accepts_what_zod_accepts(string text, bool zod) => Assert.Equal(zod, Passes(c => c.Uuid("v", text), "Invalid uuid"));

    [Theory]
    [InlineData("2026-01-01", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("2024-02-29", true)]
    [InlineData("1900-02-29", false)]
    [InlineData("2000-02-29", true)]
    [InlineData("0000-02-29", true)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-1-01", false)]
    [InlineData("2026-01-01T00:00:00Z", false)]
    [InlineData("2026-01-01\n", false)]
    [InlineData("2026-04-31", false)]
    public void Date_accepts_what_zod_accepts(string text, bool zod) => Assert.Equal(zod, Passes(c => c.IsoDate("v", text), "Invalid date"));

    [Theory]
    [InlineData("10:00", true)]
    [InlineData("10:00:00", true)]
    [InlineData("10:00:00.5", true)]
    [InlineData("10:00:00.123456789", true)]
    [InlineData("24:00", false)]
    [InlineData("10:60", false)]
    [InlineData("10:00:60", false)]
    [InlineData("10:00:00Z", false)]
    [InlineData("10:00:00+02:00", false)]
    [InlineData("1:00", false)]
    [InlineData("10:00:00\n", false)]
    [InlineData("10:00:00.", false)]
    public void Time_accepts_what_zod_accepts(string text, bool zod) => Assert.Equal(zod, Passes(c => c.Time("v", text), "Invalid time"));

    [Theory]
    [InlineData("10:00", false)]
    [InlineData("10:00:00", false)]
    [InlineData("10:00:00.123", true)]
    [InlineData("10:00:00.12", false)]
    [InlineData("10:00:00.123:01.456", true)]
    public void Time_with_precision_3_accepts_what_zod_accepts(string text, bool zod) => Assert.Equal(zod, Passes(c => c.Time("v", text, 3), "Invalid time"));

    [Theory]
    [InlineData("10:00", true)]
    [InlineData("10:00:00", true)]
    [InlineData("10:00:00.1", false)]
    public void Time_with_precision_0_accepts_what_zod_accepts(string text, bool zod) => Assert.Equal(zod, Passes(c => c.Time("v", text, 0), "Invalid time"));

    private static bool Passes(Action<ValidationContext> check, string message)
    {
        var failure = ValidationContext.Check(new Checked(check));
        if (failure is null)
        {
            return true;
        }

        Assert.Equal(("v", message), (Assert.Single(failure.Issues).PathText, failure.Issues[0].Message));
        return false;
    }

    private sealed record Checked(Action<ValidationContext> Check) : IValidatable
    {
        public void Validate(ValidationContext context) => Check(context);
    }
}
