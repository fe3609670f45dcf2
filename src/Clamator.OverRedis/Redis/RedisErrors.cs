using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>What a failed Redis command means for the caller: try again, give up, or recreate the consumer group.</summary>
internal enum RedisFailure
{
    /// <summary>The connection, the server's state or the cluster's topology: the same command can succeed later.</summary>
    Transient,

    /// <summary>The command itself is refused (wrong key type, ACL, syntax, a bug): repeating it fails again.</summary>
    Permanent,

    /// <summary>The consumer group is gone (stream deleted, Redis restarted empty): recreate it, then carry on.</summary>
    NoGroup,
}

/// <summary>
/// Classifies Redis errors for retry loops and for the kind of a transport exception. Server errors are classified by
/// their code (the first word of the message); connection loss and timeouts are transient; anything else (a bug, a
/// client-side refusal) is permanent, so it is reported instead of retried forever. A few callers match the one reply
/// they expect on their own (<c>BUSYGROUP</c> in <see cref="ConsumerGroup"/>, <c>no such key</c> in
/// <see cref="ServiceBacklog"/> and <see cref="XInfo"/>, authentication replies in <see cref="ConnectFailures"/> and
/// <see cref="RedisConnections"/>).
/// </summary>
internal static class RedisErrors
{
    public static RedisFailure Classify(Exception exception) => exception switch
    {
        RedisServerException server => ClassifyServerError(server.Message),
        RedisConnectionException or RedisTimeoutException or TimeoutException => RedisFailure.Transient,

        // The multiplexer was closed under a command (stop, or a reader being replaced).
        ObjectDisposedException => RedisFailure.Transient,
        _ => RedisFailure.Permanent,
    };

    public static bool IsTransient(Exception exception) => Classify(exception) == RedisFailure.Transient;

    /// <summary>The kind of <see cref="ClamatorTransportException"/> a failed Redis command makes.</summary>
    public static ClamatorTransportErrorKind KindOf(Exception exception) => exception switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } => ClamatorTransportErrorKind.AuthenticationFailed,
        RedisServerException server when IsAuthenticationError(server.Message) => ClamatorTransportErrorKind.AuthenticationFailed,
        RedisServerException => ClamatorTransportErrorKind.Refused,
        ClamatorTransportException transport => transport.Kind,
        _ when exception.InnerException is { } inner && KindOf(inner) == ClamatorTransportErrorKind.AuthenticationFailed =>
        ClamatorTransportErrorKind.AuthenticationFailed,
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => ClamatorTransportErrorKind.ConnectionFailed,
        _ => ClamatorTransportErrorKind.Refused,
    };

    /// <summary>
    /// Whether a Redis error reply refuses the credentials or a permission: <c>NOAUTH</c>, <c>WRONGPASS</c>, <c>NOPERM</c>, or,
    /// inside a Lua script before Redis 7.2, <c>ERR The user executing the script can't run this command …</c>.
    /// </summary>
    public static bool IsAuthenticationError(string message) =>
        message.StartsWith("NOAUTH", StringComparison.Ordinal) || message.StartsWith("WRONGPASS", StringComparison.Ordinal)
        || message.StartsWith("NOPERM", StringComparison.Ordinal) || message.Contains("can't run this command", StringComparison.Ordinal);

    /// <summary>Classifies a Redis error reply such as <c>WRONGTYPE Operation against a key ...</c>.</summary>
    public static RedisFailure ClassifyServerError(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int space = message.IndexOf(' ', StringComparison.Ordinal);
        ReadOnlySpan<char> code = space < 0 ? message : message.AsSpan(0, space);
        return code switch
        {
            "NOGROUP" => RedisFailure.NoGroup,

            // Loading a dataset, a script running too long, cluster slots moving or unserved, a failover under way,
            // a replica promoted or not yet writable, memory full, a failed background save: each passes.
            "LOADING" or "BUSY" or "TRYAGAIN" or "MOVED" or "ASK" or "CLUSTERDOWN" or "MASTERDOWN" or "READONLY"
                or "NOREPLICAS" or "OOM" or "MISCONF" or "UNBLOCKED" => RedisFailure.Transient,

            // WRONGTYPE, NOPERM, NOAUTH, WRONGPASS, ERR (syntax, arguments, unknown command) and anything unknown.
            _ => RedisFailure.Permanent,
        };
    }
}
