using System.CommandLine;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary><c>clamator consumers prune &lt;service&gt; --idle 1h</c>.</summary>
internal static class ConsumersCommand
{
    public static Command Create(CliOptions options, CliConsole console)
    {
        Argument<string> service = CliOptions.Service();
        Option<string> idle = CliOptions.Duration("--idle", "Remove consumers idle longer than this with nothing pending", "1h");
        Option<bool> yes = CliOptions.Yes();
        Option<bool> json = CliOptions.Json();
        var prune = new Command(
            "prune", "Remove the consumers of gone servers: idle longer than --idle with nothing pending (one with pending entries is never removed)")
        {
            service, idle, yes, json,
        };
        ClamatorCommand.SetAction(prune, options, console, async (result, run, cancellationToken) =>
        {
            string name = result.GetRequiredValue(service);
            TimeSpan threshold = CliOptions.DurationOf(result, idle);
            if (await Confirmation.AskAsync(
                run, result.GetValue(yes), $"remove the consumers of {name} under {run.Prefix} idle over {Durations.Format(threshold)} with nothing pending",
                cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            ConsumerPruneResult pruned = await admin.PruneConsumersAsync(name, threshold, cancellationToken).ConfigureAwait(false);
            if (pruned.Removed.Count + pruned.KeptWithPending.Count == 0
                && await PrefixHint.CheckServiceAsync(
                    run, admin, await admin.GetServiceAsync(name, cancellationToken).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false) is { } nothing)
            {
                return nothing;
            }
            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w => JsonReport.Pruned(w, pruned)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (ConsumerStatus c in pruned.Removed)
            {
                await run.Console.Out.WriteLineAsync($"removed {c.Name} (idle {Durations.Format(c.Idle)})").ConfigureAwait(false);
            }

            foreach (ConsumerStatus c in pruned.KeptWithPending)
            {
                await run.Console.Out.WriteLineAsync(
                    $"kept {c.Name} (idle {Durations.Format(c.Idle)}, {c.Pending} pending: a server reclaims its entries first)").ConfigureAwait(false);
            }

            await run.Console.Out.WriteLineAsync(
                $"{pruned.Removed.Count} consumer(s) removed, {pruned.KeptWithPending.Count} kept with pending entries").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("consumers", "The consumers of a service's group (one per server instance)") { prune };
    }
}
