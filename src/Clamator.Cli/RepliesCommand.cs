using System.CommandLine;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary><c>clamator replies gc [--idle 1h]</c>.</summary>
internal static class RepliesCommand
{
    public static Command Create(CliOptions options, CliConsole console)
    {
        Option<string> idle = CliOptions.Duration("--idle", "Only streams whose newest reply is older than this", "1h", allowZero: true);
        Option<bool> yes = CliOptions.Yes();
        Option<bool> json = CliOptions.Json();
        var gc = new Command("gc", "Delete orphaned reply streams: no TTL (live clients and servers of this project keep one) and no reply for --idle")
        {
            idle, yes, json,
        };
        ClamatorCommand.SetAction(gc, options, console, async (result, run, cancellationToken) =>
        {
            TimeSpan threshold = CliOptions.DurationOf(result, idle);
            if (await Confirmation.AskAsync(
                run, result.GetValue(yes), $"delete the reply streams under {run.Prefix} without a TTL and without a reply for {Durations.Format(threshold)}",
                cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            ReplyStreamCleanup cleanup = await admin.DeleteOrphanedReplyStreamsAsync(threshold, cancellationToken).ConfigureAwait(false);
            if (cleanup.Examined == 0 && await PrefixHint.CheckAsync(run, admin, null, cancellationToken).ConfigureAwait(false) is { } nothing)
            {
                return nothing;
            }
            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("examined", cleanup.Examined);
                    w.WriteStartArray("deleted");
                    foreach (string key in cleanup.Deleted)
                    {
                        w.WriteStringValue(key);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (string key in cleanup.Deleted)
            {
                await run.Console.Out.WriteLineAsync($"deleted {key}").ConfigureAwait(false);
            }

            await run.Console.Out.WriteLineAsync($"{cleanup.Deleted.Count} of {cleanup.Examined} reply stream(s) deleted").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return new Command("replies", "The reply streams, one per client instance") { gc };
    }
}
