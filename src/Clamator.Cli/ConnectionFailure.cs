using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Clamator.Cli;

/// <summary>
/// The one line <c>clamator</c> prints when it cannot connect: which of refused, host not found, unreachable, timed out
/// or authentication failed, at which endpoint, and what to check; never the password.
/// </summary>
internal static class ConnectionFailure
{
    private const string Where = "--url or $REDIS_URL";

    /// <summary>The message for a failed connection to <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">The endpoint of the URL.</param>
    /// <param name="user">The URL's user; <see langword="null"/> for Redis's <c>default</c> user.</param>
    /// <param name="kind">The kind of the failure (<see cref="ClamatorTransportException.Kind"/>).</param>
    /// <param name="probe">What a plain TCP connection met; <see langword="null"/> when none was made (authentication failed).</param>
    /// <param name="timeout">The connect timeout.</param>
    /// <param name="exception">The failure, whose inner exceptions may carry Redis's error code.</param>
    public static string Describe(EndPoint endPoint, string? user, ClamatorTransportErrorKind kind, ProbeOutcome? probe, TimeSpan timeout, Exception? exception)
    {
        string at = Format(endPoint);
        if (kind == ClamatorTransportErrorKind.AuthenticationFailed)
        {
            return AuthenticationCode(exception) switch
            {
                "NOAUTH" => $"Redis at {at} requires a password (NOAUTH) and the URL gives none. Put the user and password in {Where}.",
                "NOPERM" => $"Redis at {at} denies user '{user ?? "default"}' a command clamator needs (NOPERM). Check the user's ACL.",
                { } code => $"Redis at {at} refused the credentials of user '{user ?? "default"}' ({code}). Check the user and password in {Where}.",
                null => $"Redis at {at} refused the credentials of user '{user ?? "default"}'. Check the user and password in {Where}.",
            };
        }

        string seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return probe switch
        {
            ProbeOutcome.Refused => $"cannot connect to Redis at {at}: connection refused. Check that Redis runs there, and {Where}.",
            ProbeOutcome.HostNotFound => $"cannot connect to Redis at {at}: host not found. Check the host name in {Where}.",
            ProbeOutcome.Unreachable => $"cannot connect to Redis at {at}: no route to the host. Check the host in {Where}, and the network.",
            ProbeOutcome.TimedOut =>
            $"cannot connect to Redis at {at}: timed out after {seconds} s without an answer. Check the host and port in {Where}, and firewalls.",
            ProbeOutcome.Accepted =>
            $"cannot connect to Redis at {at}: the port accepts connections but no Redis handshake completed. Check the port, and rediss:// for TLS.",
            _ => $"cannot connect to Redis at {at} ({kind}). Check that Redis runs there, and {Where}.",
        };
    }

    /// <summary><c>host:port</c>, as the URL names it.</summary>
    public static string Format(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        _ => endPoint.ToString() ?? "?",
    };

    /// <summary>
    /// The error code of the Redis reply that refused the credentials (<c>WRONGPASS</c>, <c>NOAUTH</c>, <c>NOPERM</c>),
    /// if one is in the chain.
    /// </summary>
    private static string? AuthenticationCode(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisServerException server)
            {
                foreach (string code in new[] { "WRONGPASS", "NOAUTH", "NOPERM" })
                {
                    if (server.Message.Contains(code, StringComparison.Ordinal))
                    {
                        return code;
                    }
                }
            }
        }

        return null;
    }
}
