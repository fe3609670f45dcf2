namespace Clamator.OverRedis;

/// <summary>What the liveness rule (docs/protocol.md §7.8) makes of one consumer of a service (<see cref="ConsumerStatus.State"/>).</summary>
public enum ConsumerState
{
    /// <summary>Its presence record has a beat within its timeout: a server that is running.</summary>
    Live,

    /// <summary>Its presence record is stale, or says it stopped: the server is gone.</summary>
    Gone,

    /// <summary>No presence record (a reference peer, or an older .NET server): judged by its pending entries and idle time.</summary>
    Unknown,
}
