using System.Globalization;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Stream entry ids (<c>&lt;ms&gt;-&lt;seq&gt;</c>) in their order.</summary>
internal static class StreamIds
{
    /// <summary>Compares two ids as Redis orders them; an id that is missing or not of the form sorts first.</summary>
    public static int Compare(RedisValue a, RedisValue b) => Parse(a).CompareTo(Parse(b));

    private static (ulong Ms, ulong Seq) Parse(RedisValue id)
    {
        string? text = id;
        if (text is null)
        {
            return (0, 0);
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        ReadOnlySpan<char> ms = dash < 0 ? text : text.AsSpan(0, dash);
        ReadOnlySpan<char> seq = dash < 0 ? "0" : text.AsSpan(dash + 1);
        return ulong.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out ulong m) && ulong.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)
            ? (m, s)
            : (0, 0);
    }
}
