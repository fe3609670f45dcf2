using System.Globalization;

namespace Clamator.Cli;

/// <summary>Durations on the command line (<c>500ms</c>, <c>5s</c>, <c>10m</c>, <c>1h</c>, <c>2d</c>) and in tables.</summary>
internal static class Durations
{
    private static readonly (string Suffix, double Ms)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

    /// <summary>Parses <c>&lt;number&gt;&lt;ms|s|m|h|d&gt;</c>; <see langword="null"/> when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        foreach ((string suffix, double ms) in Units.OrderByDescending(u => u.Suffix.Length))
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n)
                && n * ms is var total && total <= int.MaxValue)
            {
                return TimeSpan.FromMilliseconds(total);
            }
        }

        return null;
    }

    /// <summary>A short, human form: <c>850ms</c>, <c>12.3s</c>, <c>4m 05s</c>, <c>2h 10m</c>, <c>3d 4h</c>.</summary>
    public static string Format(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => $"{(int)span.TotalMilliseconds}ms",
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes:00}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h"),
    };
}
