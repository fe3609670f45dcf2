using System.CommandLine;
using System.Globalization;
using Clamator.OverRedis;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Clamator.Cli;

/// <summary>
/// <c>clamator watch [--service S] [--interval 1s] [--iterations N] [--json]</c>: a live table on a terminal, one table
/// per refresh otherwise, one JSON line per refresh with <c>--json</c>; Ctrl+C ends it with exit code 0.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliOptions options, CliConsole console)
    {
        var service = new Option<string>("--service", "-s") { Description = "Only this service", HelpName = "service" };
        Option<string> interval = CliOptions.Duration("--interval", "Time between refreshes", "1s");
        var iterations = new Option<int?>("--iterations", "-n") { Description = "Stop after this many refreshes [default: until Ctrl+C]", HelpName = "n" };
        iterations.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is <= 0) { r.AddError("--iterations must be positive."); } });
        Option<bool> json = CliOptions.Json();
        var command = new Command("watch", "Calls/s per service (from entries added), pending, lag, consumers and dead letters, refreshed every --interval")
        {
            service, interval, iterations, json,
        };
        ClamatorCommand.SetAction(command, options, console, async (result, run, cancellationToken) =>
        {
            string? only = result.GetValue(service);
            if (only is not null)
            {
                RpcNames.ThrowIfInvalidService(only, "--service");
            }

            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            int? nothing = only is null
                ? await PrefixHint.CheckAsync(run, admin, null, cancellationToken).ConfigureAwait(false)
                : await PrefixHint.CheckServiceAsync(
                    run, admin, await admin.GetServiceAsync(only, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (nothing is { } code)
            {
                return code;
            }

            var sampler = new WatchSampler(admin, run.Console.Time, only);
            var loop = new Loop(sampler, run.Console.Time, CliOptions.DurationOf(result, interval), result.GetValue(iterations));
            try
            {
                if (result.GetValue(json))
                {
                    await loop.RunAsync(frame => run.WriteJsonAsync(w => Json(w, frame), line: true), cancellationToken).ConfigureAwait(false);
                }
                else if (run.Console.OutputIsTerminal)
                {
                    await run.Ansi.Live(new Text("connecting…")).StartAsync(ctx => loop.RunAsync(frame =>
                    {
                        ctx.UpdateTarget(Render(frame, run.Prefix));
                        return Task.CompletedTask;
                    }, cancellationToken)).ConfigureAwait(false);
                }
                else
                {
                    await loop.RunAsync(frame =>
                    {
                        run.Ansi.Write(Render(frame, run.Prefix));
                        return Task.CompletedTask;
                    }, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the normal end of a watch.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The services table, then the consumers of all of them with their states.</summary>
    private static IRenderable Render(WatchFrame frame, string prefix) =>
        ConsumerTable.For(frame.Services.Select(r => r.Status), withService: true, claimIdle: null) is { } consumers
            ? new Rows(Services(frame, prefix), consumers)
            : Services(frame, prefix);

    private static Table Services(WatchFrame frame, string prefix)
    {
        var table = new Table
        {
            Title = new TableTitle($"[bold]clamator watch[/] {Markup.Escape(prefix)} · {frame.At.UtcDateTime:HH:mm:ss}Z"),
            Caption = new TableTitle("Ctrl+C to stop"),
        };
        table.AddColumn("service");
        foreach (string column in new[] { "calls/s", "length", "pending", "lag", "consumers", "live", "dead letters" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (WatchRow row in frame.Services)
        {
            table.AddRow(new IRenderable[]
            {
                new Markup(Markup.Escape(row.Service)),
                new Text(row.CallsPerSecond is { } rate ? rate.ToString("0.0", CultureInfo.InvariantCulture) : "-"),
                new Text(Number(row.Length)),
                new Text(Number(row.Pending)),
                new Markup(row.Lag is { } lag ? (row.LagGrowing ? $"[yellow]{Number(lag)} ↑[/]" : Number(lag)) : "-"),
                new Text(Number(row.Consumers)),
                new Markup(row.Live > 0 || row.Status.StreamExists is false ? Number(row.Live) : $"[yellow]{Number(row.Live)}[/]"),
                new Markup(row.DeadLetters > 0 ? $"[red]{Number(row.DeadLetters)}[/]" : "0"),
            });
        }

        return table;
    }

    private static void Json(System.Text.Json.Utf8JsonWriter w, WatchFrame frame)
    {
        w.WriteStartObject();
        w.WriteString("at", frame.At.UtcDateTime);
        w.WriteStartArray("services");
        foreach (WatchRow row in frame.Services)
        {
            w.WriteStartObject();
            w.WriteString("service", row.Service);
            if (row.CallsPerSecond is { } rate)
            {
                w.WriteNumber("callsPerSecond", Math.Round(rate, 3));
            }
            else
            {
                w.WriteNull("callsPerSecond");
            }

            w.WriteNumber("length", row.Length);
            w.WriteNumber("pending", row.Pending);
            if (row.Lag is { } lag)
            {
                w.WriteNumber("lag", lag);
            }
            else
            {
                w.WriteNull("lag");
            }

            w.WriteBoolean("lagGrowing", row.LagGrowing);
            w.WriteNumber("consumers", row.Consumers);
            w.WriteNumber("deadLetters", row.DeadLetters);
            w.WriteNumber("live", row.Live);
            w.WriteStartArray("consumerList");
            foreach (ConsumerStatus c in row.Status.Group?.Consumers ?? [])
            {
                JsonReport.Consumer(w, c);
            }

            w.WriteEndArray();
            JsonReport.PresenceList(w, row.Status.Presence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Samples, shows, waits <c>interval</c> (on the run's clock), until the iterations are done or it is cancelled.</summary>
    private sealed class Loop(WatchSampler sampler, TimeProvider time, TimeSpan interval, int? iterations)
    {
        public async Task RunAsync(Func<WatchFrame, Task> show, CancellationToken cancellationToken)
        {
            for (int i = 0; iterations is not { } n || i < n; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                }

                await show(await sampler.SampleAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
    }
}
