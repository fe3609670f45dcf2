namespace Clamator;

/// <summary>What kind of transport failure a <see cref="ClamatorTransportException"/> reports, to test without reading its message.</summary>
public enum ClamatorTransportErrorKind
{
    /// <summary>No reply came within the call's timeout.</summary>
    Timeout = 1,

    /// <summary>No live server serves the service: nobody would answer (docs/protocol.md §7.8).</summary>
    NoResponders,

    /// <summary>The request was lost by Redis (restarted empty, failed over, stream deleted) and could not be sent again within its deadline.</summary>
    Lost,

    /// <summary>The transport was stopped, or not started yet, so the call was not carried.</summary>
    Stopped,

    /// <summary>The transport could not reach its broker (refused, unreachable, timed out, DNS), or lost the connection the call needed.</summary>
    ConnectionFailed,

    /// <summary>The broker refused the credentials (wrong user or password, or a user without the permission a command needs).</summary>
    AuthenticationFailed,

    /// <summary>The broker refused a command for good (a wrong key type, a script error, a server-side limit).</summary>
    Refused,
}
