using System.Globalization;
using Clamator.OverRedis;
using Spectre.Console;

namespace Clamator.Cli;

/// <summary>
/// The consumers of services as <c>inspect</c> and <c>watch</c> show them: each judged <c>live</c>, <c>gone</c> or
/// <c>unknown</c> (docs/protocol.md §7.8) with its server's presence record (host, process id, version, last beat,
/// handlers running, handled, failed); a live server whose consumer is not in the group yet has a row too.
/// </summary>
internal static class ConsumerTable
{
    /// <summary>The table, or <see langword="null"/> when the services have no consumer and no presence record.</summary>
    public static Table? For(IEnumerable<ServiceStatus> services, bool withService, TimeSpan? claimIdle)
    {
        var table = new Table();
        if (withService)
        {
            table.AddColumn("service");
        }

        table.AddColumn("consumer").AddColumn("state").AddColumn(new TableColumn("idle").RightAligned()).AddColumn(new TableColumn("pending").RightAligned())
            .AddColumn("host").AddColumn(new TableColumn("pid").RightAligned()).AddColumn("version").AddColumn(new TableColumn("beat").RightAligned())
            .AddColumn(new TableColumn("running").RightAligned()).AddColumn(new TableColumn("handled").RightAligned()).AddColumn(
                new TableColumn("failed").RightAligned());
        int rows = 0;
        foreach (ServiceStatus s in services)
        {
            IReadOnlyList<ConsumerStatus> consumers = s.Group?.Consumers ?? [];
            foreach (ConsumerStatus c in consumers)
            {
                bool stale = claimIdle is { } idle && c.Pending > 0 && c.Idle > idle;
                Add(table, withService ? s.Service : null, Flag(Markup.Escape(c.Name), stale), c.State, Durations.Format(c.Idle),
                    Flag(Number(c.Pending), stale), c.Presence);
                rows++;
            }

            foreach (PresenceStatus p in s.Presence.Where(p => !consumers.Any(c => c.Name == p.Consumer)))
            {
                Add(table, withService ? s.Service : null,
                    $"{Markup.Escape(p.Consumer)} [grey]({(p.State == ConsumerState.Live ? "not in the group yet" : "not in the group")})[/]", p.State, "-",
                    "-", p);
                rows++;
            }
        }

        return rows > 0 ? table : null;
    }

    private static void Add(Table table, string? service, string name, ConsumerState? state, string idle, string pending, PresenceStatus? p)
    {
        var cells = new List<string>();
        if (service is not null)
        {
            cells.Add(Markup.Escape(service));
        }

        cells.AddRange(
        [
            name,
            State(state),
            idle,
            pending,
            Markup.Escape(p is { Host.Length: > 0 } ? p.Host : "-"),
            p is { ProcessId: > 0 } ? p.ProcessId.ToString(CultureInfo.InvariantCulture) : "-",
            Markup.Escape(p is { Version.Length: > 0 } ? p.Version : "-"),
            p is null ? "-" : Durations.Format(p.LastBeatAge) + " ago",
            p is null ? "-" : Number(p.Running),
            p is null ? "-" : Number(p.Handled),
            p is null ? "-" : Number(p.Failed),
        ]);
        table.AddRow([.. cells]);
    }

    /// <summary>The state word, coloured: live green, gone red, unknown grey.</summary>
    private static string State(ConsumerState? state) => state switch
    {
        ConsumerState.Live => "[green]live[/]",
        ConsumerState.Gone => "[red]gone[/]",
        ConsumerState.Unknown => "[grey]unknown[/]",
        _ => "-",
    };

    private static string Flag(string cell, bool flagged) => flagged ? $"[yellow]{cell}[/]" : cell;

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
