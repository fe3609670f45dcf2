using StackExchange.Redis;

namespace Clamator.Tests;

/// <summary>
/// The Redis a suite runs against, whatever its shape (one redis-server or a cluster): the URL the library is given,
/// a plain connection for playing a foreign peer with raw commands, and every node's port for per-node set-up.
/// </summary>
public interface IRedisUnderTest
{
    /// <summary>The URL the servers and clients under test are given.</summary>
    string Url { get; }

    /// <summary>A plain connection (cluster-aware on a cluster) for raw commands.</summary>
    ConnectionMultiplexer Connection { get; }

    IDatabase Db { get; }

    /// <summary>The port of every node, primaries and replicas; one port for a single redis-server.</summary>
    IReadOnlyList<int> NodePorts { get; }
}
