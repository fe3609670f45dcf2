using StackExchange.Redis;

namespace Clamator.Tests;

/// <summary>
/// One plain connection to each node of a Redis (primaries and replicas; the one node of a redis-server), for the
/// per-node state a cluster does not share: ACL users and the ACL log. Cluster discovery is off, so each connection
/// talks to its own node only.
/// </summary>
public sealed class EveryNode : IAsyncDisposable
{
    private readonly List<ConnectionMultiplexer> _nodes;

    private EveryNode(List<ConnectionMultiplexer> nodes) => _nodes = nodes;

    public static async Task<EveryNode> ConnectAsync(IReadOnlyList<int> ports)
    {
        var nodes = new List<ConnectionMultiplexer>();
        foreach (int port in ports)
        {
            var config = new ConfigurationOptions
            {
                EndPoints = { { "127.0.0.1", port } },
                CommandMap = CommandMap.Create(["CLUSTER", "SUBSCRIBE"], available: false),
                AllowAdmin = true,
            };
            nodes.Add(await ConnectionMultiplexer.ConnectAsync(config));
        }

        return new EveryNode(nodes);
    }

    /// <summary>Runs one command on every node in turn; the replies in node order.</summary>
    public async Task<RedisResult[]> ExecuteAsync(string command, params object[] arguments)
    {
        var results = new RedisResult[_nodes.Count];
        for (int i = 0; i < _nodes.Count; i++)
        {
            ConnectionMultiplexer node = _nodes[i];
            results[i] = await node.GetServer(node.GetEndPoints().Single()).ExecuteAsync(command, arguments);
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ConnectionMultiplexer node in _nodes)
        {
            await node.CloseAsync();
            node.Dispose();
        }
    }
}
