namespace Clamator.Cli;

/// <summary>Asks before a destructive command (replay, purge, prune, gc) unless <c>--yes</c> was given.</summary>
internal static class Confirmation
{
    /// <summary>
    /// <see langword="null"/> to go on; otherwise the exit code: <see cref="ExitCodes.Usage"/> when stdin is not a terminal
    /// (nobody to ask), <see cref="ExitCodes.Failure"/> when the answer is not yes. The question goes to stderr, so stdout
    /// holds only the command's output.
    /// </summary>
    public static async Task<int?> AskAsync(CliRun run, bool yes, string action, CancellationToken cancellationToken)
    {
        if (yes)
        {
            return null;
        }

        if (!run.Console.InputIsTerminal)
        {
            await run.ErrorAsync($"refusing to {action} without --yes: stdin is not a terminal, so there is nobody to ask.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await run.Console.Error.WriteAsync($"{char.ToUpperInvariant(action[0])}{action[1..]}? [y/N] ").ConfigureAwait(false);
        await run.Console.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
        string? answer = await run.Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (answer?.Trim().ToUpperInvariant() is "Y" or "YES")
        {
            return null;
        }

        await run.ErrorAsync("nothing done.").ConfigureAwait(false);
        return ExitCodes.Failure;
    }
}
