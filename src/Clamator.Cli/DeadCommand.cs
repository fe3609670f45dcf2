using System.CommandLine;
using Clamator.OverRedis;
using Spectre.Console;

namespace Clamator.Cli;

/// <summary><c>clamator dead list|show|replay|purge &lt;service&gt; [--id ID | --all]</c>.</summary>
internal static class DeadCommand
{
    public static Command Create(CliOptions options, CliConsole console) =>
        new("dead", "Dead letters: requests a server gave up on (docs/protocol.md §6.8)")
        {
            List(options, console), Show(options, console), Replay(options, console), Purge(options, console),
        };

    private static Command List(CliOptions options, CliConsole console)
    {
        Argument<string> service = CliOptions.Service();
        var limit = new Option<int>("--limit") { Description = "At most this many, oldest first", HelpName = "n", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) { r.AddError("--limit must be positive."); } });
        Option<bool> json = CliOptions.Json();
        var wide = new Option<bool>("--wide", "-w") { Description = "Every column, nothing cut (lines may be wider than the terminal)" };
        var command = new Command(
            "list", "List the dead letters of a service: whole ids, long cells cut with … to fit the terminal (--wide for all)") { service, limit, wide, json };
        ClamatorCommand.SetAction(command, options, console, async (result, run, cancellationToken) =>
        {
            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DeadLetter> letters = await admin.ListDeadLettersAsync(
                result.GetRequiredValue(service), result.GetValue(limit), cancellationToken).ConfigureAwait(false);
            if (letters.Count == 0
                && await PrefixHint.CheckServiceAsync(
                    run, admin, await admin.GetServiceAsync(result.GetRequiredValue(service), cancellationToken).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false) is { } nothing)
            {
                return nothing;
            }
            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("service", result.GetRequiredValue(service));
                    w.WriteStartArray("deadLetters");
                    foreach (DeadLetter letter in letters)
                    {
                        JsonReport.DeadLetter(w, letter);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            if (result.GetValue(wide))
            {
                // Lines as long as the cells: a terminal wraps them, but each id is still one word to copy.
                run.Ansi.Profile.Width = Math.Max(run.Ansi.Profile.Width, DeadLetterTable.WideWidth);
                run.Ansi.Write(DeadLetterTable.Wide(letters));
            }
            else
            {
                run.Ansi.Write(DeadLetterTable.Compact(letters, run.Console.Time.GetUtcNow(), run.Ansi.Profile.Width));
            }

            run.Ansi.MarkupLine($"{letters.Count} dead letter(s) of {Markup.Escape(result.GetRequiredValue(service))}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliOptions options, CliConsole console)
    {
        Argument<string> service = CliOptions.Service();
        Option<string> id = Id(required: true);
        Option<bool> json = CliOptions.Json();
        var command = new Command("show", "Show one dead letter, every field") { service, id, json };
        ClamatorCommand.SetAction(command, options, console, async (result, run, cancellationToken) =>
        {
            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            DeadLetter? letter = await admin.GetDeadLetterAsync(
                result.GetRequiredValue(service), result.GetRequiredValue(id), cancellationToken).ConfigureAwait(false);
            if (letter is null)
            {
                if (await PrefixHint.CheckAsync(run, admin, null, cancellationToken).ConfigureAwait(false) is { } nothing)
                {
                    return nothing;
                }

                await run.ErrorAsync(
                    $"no dead letter {result.GetRequiredValue(id)} in {run.Prefix}:dead:{result.GetRequiredValue(service)}.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w => JsonReport.DeadLetter(w, letter)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = new Table { Title = new TableTitle($"[bold]{Markup.Escape(letter.Id)}[/]") }.AddColumn("field").AddColumn("value");
            foreach ((string name, string value) in letter.Fields)
            {
                table.AddRow(Markup.Escape(name), Markup.Escape(value));
            }

            run.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Replay(CliOptions options, CliConsole console)
    {
        Argument<string> service = CliOptions.Service();
        Option<string> id = Id(required: false);
        Option<bool> all = All("Replay every dead letter of the service");
        Option<bool> yes = CliOptions.Yes();
        Option<bool> json = CliOptions.Json();
        var command = new Command("replay", "Put dead letters back on the command stream (same id and reply-to), then delete them from the dead-letter stream")
        {
            service, id, all, yes, json,
        };
        OneOf(command, id, all);
        ClamatorCommand.SetAction(command, options, console, async (result, run, cancellationToken) =>
        {
            string name = result.GetRequiredValue(service);
            string? one = result.GetValue(id);
            string what = one is null ? $"replay every dead letter of {name} under {run.Prefix}" : $"replay dead letter {one} of {name} under {run.Prefix}";
            if (await Confirmation.AskAsync(run, result.GetValue(yes), what, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<DeadLetterReplay> replays;
            if (one is null)
            {
                replays = await admin.ReplayAllDeadLettersAsync(name, cancellationToken).ConfigureAwait(false);
            }
            else if (await admin.ReplayDeadLetterAsync(name, one, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                replays = [replay];
            }
            else
            {
                if (await PrefixHint.CheckAsync(run, admin, null, cancellationToken).ConfigureAwait(false) is { } nothing)
                {
                    return nothing;
                }

                await run.ErrorAsync($"no dead letter {one} in {run.Prefix}:dead:{name}.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            if (replays.Count == 0 && await PrefixHint.CheckAsync(run, admin, null, cancellationToken).ConfigureAwait(false) is { } none)
            {
                return none;
            }

            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w => JsonReport.Replays(w, replays)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            foreach (DeadLetterReplay r in replays)
            {
                await run.Console.Out.WriteLineAsync(
                    $"replayed {r.DeadLetterId} as {r.EntryId} on " +
                    $"{run.Prefix}:cmds:{name}{(r.DeadlineDropped ? " (its deadline had passed and was left out)" : string.Empty)}").ConfigureAwait(false);
            }

            await run.Console.Out.WriteLineAsync($"{replays.Count} dead letter(s) replayed").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Purge(CliOptions options, CliConsole console)
    {
        Argument<string> service = CliOptions.Service();
        Option<string> id = Id(required: false);
        Option<bool> all = All("Delete every dead letter of the service (the whole dead-letter stream)");
        Option<bool> yes = CliOptions.Yes();
        Option<bool> json = CliOptions.Json();
        var command = new Command("purge", "Delete dead letters for good") { service, id, all, yes, json };
        OneOf(command, id, all);
        ClamatorCommand.SetAction(command, options, console, async (result, run, cancellationToken) =>
        {
            string name = result.GetRequiredValue(service);
            string? one = result.GetValue(id);
            string what = one is null ? $"delete every dead letter of {name} under {run.Prefix}" : $"delete dead letter {one} of {name} under {run.Prefix}";
            if (await Confirmation.AskAsync(run, result.GetValue(yes), what, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            long purged = one is null
                ? await admin.PurgeAllDeadLettersAsync(name, cancellationToken).ConfigureAwait(false)
                : await admin.PurgeDeadLetterAsync(name, one, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            if (purged == 0 && await PrefixHint.CheckAsync(run, admin, null, cancellationToken).ConfigureAwait(false) is { } nothing)
            {
                return nothing;
            }
            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("purged", purged);
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }
            else
            {
                await run.Console.Out.WriteLineAsync($"{purged} dead letter(s) deleted from {run.Prefix}:dead:{name}").ConfigureAwait(false);
            }

            return one is not null && purged == 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> Id(bool required)
    {
        var id = new Option<string>("--id")
        {
            Description = "The dead letter's id in the dead-letter stream (see dead list)", HelpName = "id",
            Required = required
        };
        id.Validators.Add(r =>
        {
            if (r.Tokens is [{ Value: var value }] && !IsStreamId(value))
            {
                r.AddError($"'{value}' is not a stream entry id (<ms>-<seq>, e.g. 1700000000000-0).");
            }
        });
        return id;
    }

    private static Option<bool> All(string description) => new("--all") { Description = description };

    private static void OneOf(Command command, Option<string> id, Option<bool> all) =>
        command.Validators.Add(r =>
        {
            bool hasId = r.GetResult(id) is not null, hasAll = r.GetValue(all);
            if (hasId == hasAll)
            {
                r.AddError($"{command.Name} takes either --id <id> or --all.");
            }
        });

    private static bool IsStreamId(string text)
    {
        string[] parts = text.Split('-');
        return parts.Length is 1 or 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }
}
