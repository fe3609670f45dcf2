using System.Globalization;
using Clamator.OverRedis;
using Spectre.Console;

namespace Clamator.Cli;

/// <summary><c>inspect</c> as tables: one per service, its consumers, the reply streams, then the warnings.</summary>
internal static class InspectView
{
    public static void Write(IAnsiConsole console, DeploymentStatus status, IReadOnlyList<InspectWarning> warnings, TimeSpan claimIdle)
    {
        console.MarkupLine($"[bold]prefix[/] {Markup.Escape(status.Prefix)} · {status.Services.Count} service(s) · " +
            $"{status.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        foreach (ServiceStatus service in status.Services)
        {
            console.WriteLine();
            Service(console, service, [.. warnings.Where(w => w.Service == service.Service).Select(w => w.Kind)], claimIdle);
        }

        console.WriteLine();
        Replies(console, status.Replies, warnings.Any(w => w.Kind == "reply-without-ttl"));
        if (warnings.Count > 0)
        {
            console.WriteLine();
            foreach (InspectWarning warning in warnings)
            {
                console.MarkupLine($"[yellow]warning[/] {Markup.Escape(warning.Service ?? "replies")}: {Markup.Escape(warning.Message)}");
            }
        }
    }

    private static void Service(IAnsiConsole console, ServiceStatus s, HashSet<string> flagged, TimeSpan claimIdle)
    {
        var table = new Table { Title = new TableTitle($"[bold]{Markup.Escape(s.Service)}[/]") }.AddColumn("field").AddColumn("value");
        table.AddRow("command stream", Markup.Escape(s.CommandStream) + (s.StreamExists ? string.Empty : " [grey](missing)[/]"));
        table.AddRow("length", Number(s.Length));
        table.AddRow("first / last id", $"{Markup.Escape(s.FirstEntryId ?? "-")} / {Markup.Escape(s.LastEntryId ?? "-")}");
        table.AddRow("entries added", s.EntriesAdded is { } added ? Number(added) : "n/a (Redis < 7)");
        if (s.Group is { } g)
        {
            table.AddRow("group lag", Flag(g.Lag is { } lag ? Number(lag) : "unknown", flagged.Contains("lag")));
            table.AddRow("pending", Number(g.Pending));
            table.AddRow("oldest pending", Flag(
                g.OldestPending is { } p
                ? Markup.Escape($"{p.Id} at {p.Consumer}: {Durations.Format(p.Age)} old, idle {Durations.Format(p.Idle)}, {p.Deliveries} " +
                    $"deliver{(p.Deliveries == 1 ? "y" : "ies")}") : "-",
                flagged.Contains("old-pending")));
            table.AddRow("consumers", Number(g.Consumers.Count));
        }
        else
        {
            table.AddRow("group", "[grey]none (no server has started)[/]");
        }

        table.AddRow("dead letters", s.DeadLetters > 0 ? $"[red]{Number(s.DeadLetters)}[/]" : "0");
        console.Write(table);
        if (ConsumerTable.For([s], withService: false, claimIdle) is { } consumers)
        {
            console.Write(consumers);
        }
    }

    private static void Replies(IAnsiConsole console, ReplyStreamsStatus replies, bool flagged)
    {
        var table = new Table { Title = new TableTitle("[bold]reply streams[/]") }.AddColumn("field").AddColumn("value");
        table.AddRow("count", Number(replies.Count));
        table.AddRow("entries", Number(replies.TotalLength));
        table.AddRow("without TTL", Flag(Number(replies.WithoutTtl.Count), flagged));
        if (replies.Streams.Count > 0)
        {
            TimeSpan?[] ttls = [.. replies.Streams.Select(r => r.TimeToLive)];
            table.AddRow("TTL range",
                ttls.All(t => t is null) ? "-" : $"{Durations.Format(ttls.Min() ?? TimeSpan.Zero)} – {Durations.Format(ttls.Max() ?? TimeSpan.Zero)}");
        }

        console.Write(table);
    }

    private static string Flag(string cell, bool flagged) => flagged ? $"[yellow]{cell}[/]" : cell;

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
