using System.CommandLine;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary><c>clamator inspect [--service S] [--claim-idle 60s] [--json]</c>.</summary>
internal static class InspectCommand
{
    public static Command Create(CliOptions options, CliConsole console)
    {
        var service = new Option<string>("--service", "-s") { Description = "Only this service", HelpName = "service" };
        Option<string> claimIdle = CliOptions.Duration(
            "--claim-idle", "The servers' ConsumerClaimIdle: pending entries and consumers idle longer are flagged", "60s");
        Option<bool> json = CliOptions.Json();
        var command = new Command(
            "inspect", "Show every service (stream, group lag, pending, consumers, dead letters) and the reply streams; warnings highlighted")
        {
            service, claimIdle, json,
        };
        ClamatorCommand.SetAction(command, options, console, async (result, run, cancellationToken) =>
        {
            await using RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false);
            DeploymentStatus status = result.GetValue(service) is { } only
                ? new DeploymentStatus
                {
                    Prefix = admin.KeyPrefix,
                    At = run.Console.Time.GetUtcNow(),
                    Services = [await admin.GetServiceAsync(only, cancellationToken).ConfigureAwait(false)],
                    Replies = await admin.GetReplyStreamsAsync(cancellationToken).ConfigureAwait(false),
                }
                : await admin.InspectAsync(cancellationToken).ConfigureAwait(false);
            List<InspectWarning> warnings = InspectWarning.For(status, CliOptions.DurationOf(result, claimIdle));
            if (result.GetValue(json))
            {
                await run.WriteJsonAsync(w => JsonReport.Deployment(w, status, warnings)).ConfigureAwait(false);
            }
            else
            {
                InspectView.Write(run.Ansi, status, warnings, CliOptions.DurationOf(result, claimIdle));
            }

            int? nothing = result.GetValue(service) is null
                ? await PrefixHint.CheckAsync(run, admin, [.. status.Services.Select(s => s.Service)], cancellationToken).ConfigureAwait(false)
                : await PrefixHint.CheckServiceAsync(run, admin, status.Services[0], cancellationToken).ConfigureAwait(false);
            return nothing ?? ExitCodes.Success;
        });
        return command;
    }
}
