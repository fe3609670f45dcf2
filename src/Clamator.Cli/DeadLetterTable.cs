using System.Globalization;
using Clamator.OverRedis;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Clamator.Cli;

/// <summary>
/// <c>dead list</c> as a table. Compact (the default) fits the console's width: the id whole on one line (it is what
/// <c>dead show|replay|purge --id</c> take) and the age, then reason, method, request id and error, each cut with an
/// ellipsis where the width runs out (<see cref="Fit"/>). Wide: every column, every cell whole.
/// </summary>
internal static class DeadLetterTable
{
    /// <summary>The width <c>--wide</c> renders at: no cell is ever wrapped or cut below it.</summary>
    public const int WideWidth = 4096;

    private const string Ellipsis = "…";

    /// <summary>The narrowest a cut column gets (two characters and the ellipsis).</summary>
    private const int Narrowest = 3;

    public static Table Compact(IReadOnlyList<DeadLetter> letters, DateTimeOffset now, int width)
    {
        string[] headers = ["id", "age", "reason", "method", "request id", "error"];
        string[][] rows = [.. letters.Select(d => new[]
        {
            d.Id,
            d.DeadLetteredAt is { } at ? Durations.Format(at > now ? TimeSpan.Zero : now - at) : "-",
            d.Reason ?? "-",
            d.Method ?? "-",
            d.RequestId ?? "-",
            OneLine(d.Error) ?? "-",
        })];
        int[] natural = [.. headers.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max())];

        // A table of n columns takes 3n + 1 characters of borders and padding; the id and the age are never cut.
        int available = width - (3 * headers.Length) - 1 - natural[0] - natural[1];
        int[] cut = Fit(natural[2..], available, Narrowest);
        int[] widths = [natural[0], natural[1], .. cut];
        var table = new Table();
        for (int i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(new Text(Cut(headers[i], widths[i]))) { Width = widths[i], NoWrap = true };
            table.AddColumn(i == 1 ? column.RightAligned() : column);
        }

        foreach (string[] row in rows)
        {
            table.AddRow(row.Select((cell, i) => (IRenderable)new Text(Cut(cell, widths[i]))));
        }

        return table;
    }

    public static Table Wide(IReadOnlyList<DeadLetter> letters)
    {
        var table = new Table();
        foreach (string header in new[] { "id", "dead-lettered", "reason", "deliveries", "method", "request id", "entry id", "error" })
        {
            table.AddColumn(new TableColumn(header) { NoWrap = true });
        }

        foreach (DeadLetter d in letters)
        {
            table.AddRow(new IRenderable[]
            {
                new Text(d.Id),
                new Text(d.DeadLetteredAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "-"),
                new Text(d.Reason ?? "-"),
                new Text(d.Deliveries?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Text(d.Method ?? "-"),
                new Text(d.RequestId ?? "-"),
                new Text(d.EntryId ?? "-"),
                new Text(OneLine(d.Error) ?? "-"),
            });
        }

        return table;
    }

    /// <summary>
    /// Shares <paramref name="available"/> characters among columns of <paramref name="natural"/> widths: each narrow
    /// column gets all it needs, the widest share what is left equally, none gets less than <paramref name="minimum"/>
    /// (the table is then wider than asked, and the terminal wraps it).
    /// </summary>
    internal static int[] Fit(IReadOnlyList<int> natural, int available, int minimum)
    {
        int[] widths = new int[natural.Count];
        int left = available;
        int[] order = [.. Enumerable.Range(0, natural.Count).OrderBy(i => natural[i])];
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            int share = left / (order.Length - k);
            widths[i] = Math.Max(minimum, Math.Min(natural[i], share));
            left -= widths[i];
        }

        return widths;
    }

    /// <summary><paramref name="text"/>, cut to <paramref name="width"/> characters with an ellipsis as the last one.</summary>
    internal static string Cut(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + Ellipsis;

    private static string? OneLine(string? text) => text?.ReplaceLineEndings(" ");
}
