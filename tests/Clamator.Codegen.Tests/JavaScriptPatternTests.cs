using System.Text.RegularExpressions;
using Xunit;

namespace Clamator.Codegen.Tests;

/// <summary>
/// A Zod <c>.regex()</c> pattern, translated for .NET, matches what JavaScript matches (zod@3.25.76 with node 20:
/// <c>z.string().regex(/^[A-Z]{3}-\d+$/).safeParse(text).success</c>): <c>$</c> is the end of the text, <c>.</c> no line terminator.
/// </summary>
public sealed class JavaScriptPatternTests
{
    [Theory]
    [InlineData("ABC-12", true)]
    [InlineData("ABC-12\n", false)]
    [InlineData("abc-1", false)]
    public void Dollar_is_the_end_of_the_text_as_in_javascript(string text, bool zod) => Assert.Equal(zod, Matches(@"^[A-Z]{3}-\d+$", text));

    [Theory]
    [InlineData("axb", true)]
    [InlineData("a\nb", false)]
    [InlineData("a\rb", false)]
    [InlineData("a\u2028b", false)]
    public void Dot_matches_no_javascript_line_terminator(string text, bool zod) => Assert.Equal(zod, Matches("^a.b$", text));

    [Theory]
    [InlineData(@"a\$b", @"a\$b")]
    [InlineData("[$.]x", "[$.]x")]
    [InlineData(@"[\]$]", @"[\]$]")]
    public void Escaped_and_bracketed_dollars_and_dots_are_left_alone(string pattern, string expected) =>
        Assert.Equal(expected, SchemaMapper.JavaScriptPattern(pattern));

    private static bool Matches(string pattern, string text) => Regex.IsMatch(text, SchemaMapper.JavaScriptPattern(pattern), RegexOptions.ECMAScript);
}
