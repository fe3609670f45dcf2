using System.Text.RegularExpressions;

namespace Clamator.Cli;

/// <summary>
/// Keeps passwords out of everything <c>clamator</c> prints: a Redis URL is shown as <c>redis://ops:***@host:port</c>
/// (the user stays, it is not a secret), and any text bound for the terminal has the password of every URL in it masked.
/// </summary>
internal static partial class Secrets
{
    /// <summary>The mask that stands for a password.</summary>
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="url"/> without its password: <c>redis://ops:s3cret@h:6379</c> becomes <c>redis://ops:***@h:6379</c>,
    /// and <c>redis://s3cret@h</c> (the password-only shorthand) <c>redis://***@h</c>.
    /// </summary>
    public static string RedactUrl(string url) => Scrub(url);

    /// <summary><paramref name="text"/> with the user-info part after the user name of every <c>scheme://…@</c> masked.</summary>
    public static string Scrub(string text) =>
        UserInfo().Replace(text, m => m.Groups["user"].Success
            ? $"{m.Groups["scheme"].Value}://{m.Groups["user"].Value}:{Mask}@"
            : $"{m.Groups["scheme"].Value}://{Mask}@");

    /// <summary><c>scheme://</c>, then either <c>user:password@</c> or <c>password@</c> (no <c>/</c> or whitespace in either).</summary>
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:(?<user>[^\s/@:]*):[^\s/@]*|[^\s/@:]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
