using Clamator.Cli;
using Xunit;

namespace Clamator.Tests;

/// <summary>No password in anything <c>clamator</c> prints: the help's default of <c>--url</c>, errors that echo a URL, failures.</summary>
public sealed class CliSecretTests
{
    private const string Password = "s3cret-pw";

    private static readonly Dictionary<string, string> Environment = new() { ["REDIS_URL"] = $"redis://ops:{Password}@127.0.0.1:1" };

    [Fact]
    public async Task Help_shows_the_default_url_from_REDIS_URL_with_its_password_masked()
    {
        foreach (string[] args in new string[][] { ["--help"], ["inspect", "--help"], ["dead", "list", "--help"] })
        {
            var (code, output, error) = await CliHarness.RunAsync(Environment, args);

            Assert.Equal((0, string.Empty), (code, error));
            Assert.Contains("[default: $REDIS_URL, here redis://ops:***@127.0.0.1:1]", output, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        }

        var plain = await CliHarness.RunAsync("--help");
        Assert.Contains("[default: $REDIS_URL when set, else redis://localhost:6379]", plain.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inspect", $"redis://ops:{Password}@localhost:6379")] // an argument where none is taken is echoed back
    [InlineData("inspect", "--url", $"http://ops:{Password}@localhost")] // not a Redis URL
    [InlineData("inspect", "--url", $"redis://ops:{Password}@localhost/x")] // not a database number
    [InlineData("inspect", "--url", $"redis://{Password}@localhost/x")] // the password-only shorthand
    [InlineData("inspect", "--url", $"redis://ops:{Password}@127.0.0.1:1")] // refused
    [InlineData("call", "arith.add", "{}", "--url", $"redis://ops:{Password}@127.0.0.1:1")]
    [InlineData("inspect")] // $REDIS_URL, refused
    public async Task No_error_line_shows_a_password(params string[] args)
    {
        var (code, output, error) = await CliHarness.RunAsync(Environment, args);

        Assert.NotEqual(0, code);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("redis://ops:s3cret@host:6379/2", "redis://ops:***@host:6379/2")]
    [InlineData("rediss://s3cret@host", "rediss://***@host")]
    [InlineData("redis://:s3cret@host", "redis://:***@host")]
    [InlineData("redis://host:6379", "redis://host:6379")]
    [InlineData("bad 'redis://a:b@h' and 'redis://c:d@i'", "bad 'redis://a:***@h' and 'redis://c:***@i'")]
    public void Scrub_masks_every_password_and_keeps_the_user(string text, string scrubbed) =>
        Assert.Equal(scrubbed, Secrets.Scrub(text));
}
