using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Turns a failure to connect to Redis into one line a person can act on: where (endpoints, never the password), why
/// (connection refused, host not found, timed out, credentials refused) and what to check. StackExchange.Redis's
/// detail stays the inner exception.
/// </summary>
internal static class ConnectFailures
{
    /// <summary>The endpoints as <c>host:port</c>, comma separated.</summary>
    public static string Format(EndPointCollection endPoints) => string.Join(", ", endPoints.Select(Format));

    /// <summary>One endpoint as <c>host:port</c> (a <see cref="DnsEndPoint"/> prints its address family otherwise).</summary>
    public static string Format(EndPoint? endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        null => "?",
        _ => endPoint.ToString() ?? "?",
    };

    /// <summary>The exception for a failed connection attempt (<see cref="ConnectionAttemptCompletedEventArgs"/>) or a failed command.</summary>
    /// <param name="where">The endpoints, formatted.</param>
    /// <param name="failure">The attempt's or the command's exception; may be <see langword="null"/> when only the type is known.</param>
    /// <param name="type">The failure type SE.Redis reported.</param>
    /// <param name="user">The configured user, for an authentication failure (never the password).</param>
    /// <param name="passwordGiven">Whether a password is configured (then <c>NOAUTH</c> means it was refused, not missing).</param>
    public static ClamatorTransportException Connect(string where, Exception? failure, ConnectionFailureType type, string? user, bool passwordGiven)
    {
        if (type == ConnectionFailureType.AuthenticationFailure || AuthError(failure) is not null)
        {
            return Credentials(where, user, AuthError(failure), failure, passwordGiven);
        }

        (string reason, string check) = Reason(failure, type);
        return new ClamatorTransportException(ClamatorTransportErrorKind.ConnectionFailed, $"Cannot reach Redis at {where}: {reason}. {check}", failure);
    }

    /// <summary>The exception for credentials Redis refused (<c>WRONGPASS</c>, <c>NOAUTH</c>).</summary>
    public static ClamatorTransportException Credentials(string where, string? user, string? code, Exception? failure, bool passwordGiven = true)
    {
        string message = code switch
        {
            "NOAUTH" when !passwordGiven =>
                $"Redis at {where} requires a password (NOAUTH). Give the user and password in the URL: redis://user:password@host:port.",
            _ when user is not null =>
            $"Redis at {where} refused the credentials of user '{user}' ({code ?? "WRONGPASS"}). Check the user and password in the URL.",
            _ => $"Redis at {where} refused the password ({code ?? "WRONGPASS"}). Check the password in the URL.",
        };
        return new ClamatorTransportException(ClamatorTransportErrorKind.AuthenticationFailed, message, failure);
    }

    /// <summary>
    /// A few words saying why a command or connection failed, without StackExchange.Redis's status dump: the socket error,
    /// the server's error reply (its first line, bounded), or the failure type.
    /// </summary>
    public static string Short(Exception failure)
    {
        if (Find<RedisServerException>(failure) is { } server)
        {
            return Bounded(server.Message);
        }

        return Reason(failure, Find<RedisConnectionException>(failure)?.FailureType ?? ConnectionFailureType.None).Reason;
    }

    private static (string Reason, string Check) Reason(Exception? failure, ConnectionFailureType type)
    {
        if (Find<SocketException>(failure) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => ("connection refused", "Check that Redis runs there and the URL (REDIS_URL)."),
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => ("host not found", "Check the host name in the URL (REDIS_URL)."),
                SocketError.TimedOut => ("timed out", "Check the address, the port and the firewall."),
                SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown =>
                ("host unreachable", "Check the address and the network."),
                SocketError.ConnectionReset or SocketError.ConnectionAborted =>
                ("connection reset", "Check the port and whether the server wants TLS (rediss://)."),
                _ => (socket.SocketErrorCode.ToString(), "Check that Redis runs there and the URL (REDIS_URL)."),
            };
        }

        if (Find<System.Security.Authentication.AuthenticationException>(failure) is not null)
        {
            return ("the TLS handshake failed", "Check rediss:// against the server's TLS settings and its certificate.");
        }

        if (Find<TimeoutException>(failure) is not null || type == ConnectionFailureType.UnableToConnect && failure is null)
        {
            return ("no answer in time", "Check the address, the port and the firewall.");
        }

        return type switch
        {
            ConnectionFailureType.None or ConnectionFailureType.UnableToResolvePhysicalConnection =>
                ("not connected", "Check that Redis runs there and the URL (REDIS_URL)."),
            ConnectionFailureType.SocketClosed => ("the server closed the connection", "Check the port and whether the server wants TLS (rediss://)."),
            ConnectionFailureType.ProtocolFailure => ("the server does not speak Redis", "Check the port, and rediss:// for a TLS server."),
            ConnectionFailureType.Loading => ("Redis is loading its data", "Wait for it to finish."),
            _ => (type.ToString(), "Check that Redis runs there and the URL (REDIS_URL)."),
        };
    }

    /// <summary>The code of a credentials error found in <paramref name="failure"/>: <c>WRONGPASS</c> or <c>NOAUTH</c>.</summary>
    private static string? AuthError(Exception? failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains("WRONGPASS", StringComparison.Ordinal))
            {
                return "WRONGPASS";
            }

            if (e.Message.Contains("NOAUTH", StringComparison.Ordinal))
            {
                return "NOAUTH";
            }
        }

        return null;
    }

    private static T? Find<T>(Exception? failure)
        where T : Exception
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Bounded(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        string line = end < 0 ? message : message[..end];
        return line.Length <= 120 ? line : string.Concat(line.AsSpan(0, 117), "...");
    }
}
