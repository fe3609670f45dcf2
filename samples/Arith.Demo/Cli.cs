using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Clamator;
using Clamator.OverRedis;
using StackExchange.Redis;

/// <summary>
/// The command-line conventions Arith.Demo and Clamator.Bench share (System.CommandLine parses): <c>--help</c>,
/// <c>--version</c>, a bad command line as one line on stderr, failures as one line (the whole exception with
/// <c>--verbose</c>) and these exit codes.
/// </summary>
internal static class Cli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int RedisUnreachable = 3;

    /// <summary><c>--redis &lt;url&gt;</c>, refused at parse time unless it is a redis:// or rediss:// URL.</summary>
    public static Option<string> RedisOption(string description) => new("--redis")
    {
        Description = description,
        HelpName = "url",
        Validators =
        {
            result =>
            {
                if (result.Tokens is [{ Value: var url }] && InvalidUrl(url) is { } problem)
                {
                    result.AddError(problem);
                }
            },
        },
    };

    /// <summary><c>--verbose</c>: a failure prints the whole exception after its line.</summary>
    public static Option<bool> VerboseOption() => new("--verbose") { Description = "On a failure, also print the whole exception" };

    /// <summary>Why <paramref name="url"/> is not a Redis URL, or <see langword="null"/>.</summary>
    public static string? InvalidUrl(string url)
    {
        try
        {
            _ = RedisUrl.Parse(url);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>Parses <paramref name="args"/> and runs the action; a bad command line is one line on stderr and exit 2.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
        {
            string reasons = string.Join(" ", parsed.Errors.Select(e => e.Message.ReplaceLineEndings(" ")).Distinct());
            await Console.Error.WriteLineAsync($"{RootCommand.ExecutableName}: {reasons} (see --help)").ConfigureAwait(false);
            return Usage;
        }

        // Ctrl+C ends the process as it always did: no grace period of System.CommandLine's.
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null })
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Reports what stopped the run on one line (and the whole exception with <paramref name="verbose"/>): exit 3 with
    /// "Cannot reach Redis at host:port: reason" when Redis at <paramref name="redisUrl"/> could not be reached, else 1.
    /// </summary>
    public static int Fail(Exception exception, string? redisUrl, bool verbose)
    {
        bool unreachable = redisUrl is not null && IsUnreachable(exception);
        Console.Error.WriteLine(unreachable
            ? $"Cannot reach Redis at {Endpoint(redisUrl!)}: {Reason(exception)}"
            : $"{RootCommand.ExecutableName}: {Head(exception.Message)}{(verbose ? string.Empty : " (--verbose prints the whole exception)")}");
        if (verbose)
        {
            Console.Error.WriteLine(exception);
        }

        return unreachable ? RedisUnreachable : Failure;
    }

    private static bool IsUnreachable(Exception exception) =>
        Chain(exception).Any(e => e is RedisConnectionException or SocketException)
        || exception is ClamatorTransportException { InnerException: RedisException or TimeoutException };

    /// <summary>The cause worth a line: the socket's or server's own words, else the head of StackExchange.Redis's message.</summary>
    private static string Reason(Exception exception)
    {
        Exception[] chain = [.. Chain(exception)];
        Exception cause = chain.FirstOrDefault(e => e is SocketException or AuthenticationException or RedisServerException)
            ?? chain.FirstOrDefault(e => e is RedisException)
            ?? chain[^1];
        return Head(cause.Message);
    }

    /// <summary>A message up to StackExchange.Redis's diagnostics (" - ..."), on one line, at most 200 characters.</summary>
    private static string Head(string message)
    {
        int diagnostics = message.IndexOf(" - ", StringComparison.Ordinal);
        string head = (diagnostics > 0 ? message[..diagnostics] : message).ReplaceLineEndings(" ").Trim();
        return head.Length <= 200 ? head : head[..199] + "…";
    }

    private static string Endpoint(string url) => RedisUrl.Parse(url).EndPoints.FirstOrDefault() switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        { } other => other.ToString()!,
        null => url,
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
