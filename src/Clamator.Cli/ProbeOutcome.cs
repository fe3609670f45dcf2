namespace Clamator.Cli;

/// <summary>What a plain TCP connection to Redis's endpoint met (<see cref="ConnectionProbe"/>).</summary>
internal enum ProbeOutcome
{
    /// <summary>The port accepted the connection: whatever failed happened after, in Redis's handshake.</summary>
    Accepted,

    /// <summary>The host answered that nothing listens on the port.</summary>
    Refused,

    /// <summary>The host name does not resolve.</summary>
    HostNotFound,

    /// <summary>No route to the host or its network.</summary>
    Unreachable,

    /// <summary>No answer within the connect timeout (a firewall dropping packets, a host that is down).</summary>
    TimedOut,

    /// <summary>Another error of the operating system.</summary>
    Failed,
}
