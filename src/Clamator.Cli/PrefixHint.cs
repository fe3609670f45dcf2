using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary>
/// A prefix with no services is most often a wrong <c>--prefix</c> (or <c>--url</c>): instead of an empty report that
/// exits 0, commands say so on stderr, name the prefixes that do have services in the same database, and exit with
/// <see cref="ExitCodes.Transport"/> (as for a service nobody serves).
/// </summary>
internal static class PrefixHint
{
    /// <summary>At most this many other prefixes are named.</summary>
    private const int Shown = 10;

    /// <summary>
    /// <see langword="null"/> when the prefix has services (<paramref name="services"/>, or listed now when
    /// <see langword="null"/>); otherwise writes the hint and returns the exit code.
    /// </summary>
    public static async Task<int?> CheckAsync(CliRun run, RedisAdmin admin, IReadOnlyList<string>? services, CancellationToken cancellationToken)
    {
        services ??= await admin.ListServicesAsync(cancellationToken).ConfigureAwait(false);
        if (services.Count > 0)
        {
            return null;
        }

        await run.ErrorAsync(
            $"no services under prefix '{run.Prefix}' (no {run.Prefix}:cmds:* or {run.Prefix}:dead:* streams). " +
            $"{await OthersAsync(admin, cancellationToken).ConfigureAwait(false)}").ConfigureAwait(false);
        return ExitCodes.Transport;
    }

    /// <summary>
    /// For a service that is not under a prefix that has others: <see langword="null"/> when <paramref name="service"/> has
    /// a command stream or dead letters; otherwise writes which services there are and returns the exit code.
    /// </summary>
    public static async Task<int?> CheckServiceAsync(CliRun run, RedisAdmin admin, ServiceStatus service, CancellationToken cancellationToken)
    {
        if (service.StreamExists || service.DeadLetters > 0)
        {
            return null;
        }

        IReadOnlyList<string> services = await admin.ListServicesAsync(cancellationToken).ConfigureAwait(false);
        if (await CheckAsync(run, admin, services, cancellationToken).ConfigureAwait(false) is { } code)
        {
            return code;
        }

        await run.ErrorAsync(
            $"no service '{service.Service}' under prefix '{run.Prefix}' ({service.CommandStream} does not exist). Services there: " +
            $"{List(services)}.").ConfigureAwait(false);
        return ExitCodes.Transport;
    }

    /// <summary>The sentence naming the other prefixes, for the one-line hint.</summary>
    public static async Task<string> OthersAsync(RedisAdmin admin, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> prefixes = [.. (await admin.FindKeyPrefixesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Where(p =>
            p != admin.KeyPrefix)];
        return prefixes.Count == 0
            ? "No other prefix has any in this database either: check --url (host and /db)."
            : $"Prefixes with services in this database: {List(prefixes)}; pass one with --prefix.";
    }

    private static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(Shown)) + (names.Count > Shown ? $", … ({names.Count} in all)" : string.Empty);
}
