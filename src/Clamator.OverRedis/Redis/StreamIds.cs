using System.Globalization;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Stream entry ids (<c>&lt;ms&gt;-&lt;seq&gt;</c>) in their order.</summary>
internal static class StreamIds
{
    /// <summary>Compares two ids as Redis orders them; an id that is missing or not of the form sorts first.</summary>
    public static int Compare(RedisValue a, RedisValue b) => Parse(a).CompareTo(Parse(b));

    /// <summary>Whether <paramref name="text"/> is an id of the form <c>&lt;ms&gt;-&lt;seq&gt;</c> or <c>&lt;ms&gt;</c>.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    /// <summary>
    /// When the entry <paramref name="id"/> was added, by Redis's clock (the id's milliseconds); <see langword="null"/> for an
    /// id that is missing, not of the form, or <c>0-0</c>.
    /// </summary>
    public static DateTimeOffset? Time(RedisValue id) =>
        TryParse(id, out ulong ms, out _) && ms > 0 && ms <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
            : null;

    private static (ulong Ms, ulong Seq) Parse(RedisValue id) => TryParse(id, out ulong m, out ulong s) ? (m, s) : (0, 0);

    private static bool TryParse(string? text, out ulong ms, out ulong seq)
    {
        ms = seq = 0;
        if (text is null)
        {
            return false;
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        ReadOnlySpan<char> m = dash < 0 ? text : text.AsSpan(0, dash);
        ReadOnlySpan<char> s = dash < 0 ? "0" : text.AsSpan(dash + 1);
        return ulong.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out ms)
            && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}
