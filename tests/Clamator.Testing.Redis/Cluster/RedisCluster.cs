using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Clamator.Tests;

/// <summary>
/// A Redis Cluster of three primaries with a replica each, on free loopback ports, made with
/// <c>redis-cli --cluster create</c>; nothing persisted. Offers the topology changes the tests make under load:
/// a manual failover of the shard that owns a key, and moving a key's slot to another primary.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private static readonly TimeSpan SettleGuard = TimeSpan.FromSeconds(60);

    /// <summary>How long one <c>CLUSTER FAILOVER</c> is given before it is asked again (Redis aborts a manual failover after 5 s).</summary>
    private static readonly TimeSpan FailoverAttempt = TimeSpan.FromSeconds(10);
    private readonly List<RedisServerProcess> _nodes;
    private readonly string _directory;

    private RedisCluster(List<RedisServerProcess> nodes, string directory)
    {
        _nodes = nodes;
        _directory = directory;
    }

    /// <summary>The first node's URL; a client pointed at any node finds the others.</summary>
    public string Url => _nodes[0].Url;

    public IReadOnlyList<int> Ports => [.. _nodes.Select(n => n.Port)];

    public static async Task<RedisCluster> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("clamator-cluster-").FullName;
        var nodes = new List<RedisServerProcess>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                nodes.Add(await StartNodeAsync(directory));
            }

            var cluster = new RedisCluster(nodes, directory);
            await RedisCli(["--cluster", "create", .. nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "1", "--cluster-yes"]);
            await cluster.WaitUntilSettledAsync();
            return cluster;
        }
        catch
        {
            foreach (RedisServerProcess node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// One cluster node on free ports. A free port can be taken by another test's process before the node binds it (seen on
    /// a full run: "Address already in use" for the cluster bus port), so a node that fails to bind is started again on new
    /// ports, a few times.
    /// </summary>
    private static async Task<RedisServerProcess> StartNodeAsync(string directory)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = RedisServerProcess.FreePort();
            try
            {
                return await RedisServerProcess.StartAsync(
                    port,
                    "--cluster-enabled", "yes",
                    "--cluster-port", RedisServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
                    "--cluster-config-file", Path.Combine(directory, $"nodes-{port}.conf"),
                    "--cluster-node-timeout", "3000",
                    "--dir", directory);
            }
            catch (InvalidOperationException ex) when (attempt < 5 && ex.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                File.Delete(Path.Combine(directory, $"nodes-{port}.conf"));
            }
        }
    }

    /// <summary>The port of the primary that serves <paramref name="key"/> now.</summary>
    public async Task<int> PrimaryOfAsync(string key)
    {
        int slot = await SlotOfAsync(key);
        return (await NodesAsync(_nodes[0].Port)).Single(n => n.IsPrimary && n.Serves(slot)).Port;
    }

    /// <summary>
    /// <c>CLUSTER FAILOVER</c> on the replica of the shard that owns <paramref name="key"/>: the replica is promoted,
    /// the old primary becomes its replica. Returns once every node agrees on the new primary.
    /// </summary>
    public async Task<int> FailoverShardOfAsync(string key)
    {
        int slot = await SlotOfAsync(key);
        List<ClusterNode> nodes = await NodesAsync(_nodes[0].Port);
        ClusterNode primary = nodes.Single(n => n.IsPrimary && n.Serves(slot));

        // After an earlier failover or slot move, the primary's replica may still be (re)attaching: wait until one is
        // in sync, since a manual failover waits for the replica to reach the primary's offset.
        ClusterNode? replica = null;
        await WaitUntilAsync(
            async () =>
            {
                replica = (await NodesAsync(primary.Port)).FirstOrDefault(n => n.PrimaryId == primary.Id);
                return replica is not null && (await Cli(replica.Port, "INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal);
            },
            $"a replica of :{primary.Port} in sync");

        // A manual failover that does not complete in time (a slow machine) is aborted by Redis: ask again.
        await WaitUntilAsync(
            async () =>
            {
                if (!await IsPrimaryAsync(replica!.Port))
                {
                    await Cli(replica.Port, "CLUSTER", "FAILOVER");
                }

                var attempt = Stopwatch.StartNew();
                while (!await IsPrimaryAsync(replica.Port))
                {
                    if (attempt.Elapsed > FailoverAttempt)
                    {
                        return false;
                    }

                    await Task.Delay(50);
                }

                return true;
            },
            $"the replica :{replica!.Port} promoted");
        await WaitUntilAsync(async () => await AllAgreeAsync(slot, replica.Id), $"slot {slot} served by the promoted replica on :{replica.Port}");
        await WaitUntilAsync(
            async () => (await Cli(primary.Port, "ROLE")).StartsWith("slave", StringComparison.Ordinal),
            $"the old primary :{primary.Port} a replica");
        return replica.Port;
    }

    /// <summary>
    /// Moves <paramref name="key"/>'s slot, with its keys, to another primary the way <c>redis-cli --cluster
    /// reshard</c> does (<c>SETSLOT IMPORTING/MIGRATING</c>, <c>MIGRATE</c>, <c>SETSLOT NODE</c>). Returns the new owner's port.
    /// </summary>
    public async Task<int> MoveSlotOfAsync(string key)
    {
        int slot = await SlotOfAsync(key);
        List<ClusterNode> nodes = await NodesAsync(_nodes[0].Port);
        ClusterNode source = nodes.Single(n => n.IsPrimary && n.Serves(slot));
        // A primary demoted by a failover may still be flagged master in some views for a moment; it has no slots.
        ClusterNode target = nodes.First(n => n.IsPrimary && n.Slots.Count > 0 && n.Id != source.Id);
        string slotText = slot.ToString(CultureInfo.InvariantCulture);
        await Cli(target.Port, "CLUSTER", "SETSLOT", slotText, "IMPORTING", source.Id);
        await Cli(source.Port, "CLUSTER", "SETSLOT", slotText, "MIGRATING", target.Id);
        while (true)
        {
            string[] keys = (await Cli(source.Port, "CLUSTER", "GETKEYSINSLOT", slotText, "100")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (keys.Length == 0)
            {
                break;
            }

            await Cli(source.Port, ["MIGRATE", "127.0.0.1", target.Port.ToString(CultureInfo.InvariantCulture), "", "0", "10000", "KEYS", .. keys]);
        }

        await Cli(target.Port, "CLUSTER", "SETSLOT", slotText, "NODE", target.Id);
        await Cli(source.Port, "CLUSTER", "SETSLOT", slotText, "NODE", target.Id);
        foreach (ClusterNode other in nodes.Where(n => n.IsPrimary && n.Slots.Count > 0 && n.Id != source.Id && n.Id != target.Id))
        {
            await Cli(other.Port, "CLUSTER", "SETSLOT", slotText, "NODE", target.Id);
        }

        await WaitUntilAsync(async () => await AllAgreeAsync(slot, target.Id), $"slot {slot} served by :{target.Port}");
        return target.Port;
    }

    /// <summary>Runs one command on one node with <c>redis-cli</c> and returns what it printed.</summary>
    public static Task<string> Cli(int port, params string[] arguments) => RedisCli(["-p", port.ToString(CultureInfo.InvariantCulture), .. arguments]);

    public async ValueTask DisposeAsync()
    {
        foreach (RedisServerProcess node in _nodes)
        {
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A node's last write raced the delete; the temp folder is cleaned by the system.
        }
    }

    private static async Task<bool> IsPrimaryAsync(int port) => (await Cli(port, "ROLE")).StartsWith("master", StringComparison.Ordinal);

    private async Task<int> SlotOfAsync(string key) => int.Parse((await Cli(_nodes[0].Port, "CLUSTER", "KEYSLOT", key)).Trim(), CultureInfo.InvariantCulture);

    private async Task WaitUntilSettledAsync() => await WaitUntilAsync(
        async () =>
        {
            foreach (RedisServerProcess node in _nodes)
            {
                string info = await Cli(node.Port, "CLUSTER", "INFO");
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal) || !info.Contains("cluster_known_nodes:6", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        },
        "every node reports cluster_state:ok with 6 known nodes");

    private async Task<bool> AllAgreeAsync(int slot, string ownerId)
    {
        foreach (RedisServerProcess node in _nodes)
        {
            List<ClusterNode> seen = await NodesAsync(node.Port);
            if (seen.SingleOrDefault(n => n.IsPrimary && n.Serves(slot)) is not { } owner || owner.Id != ownerId
                || !(await Cli(node.Port, "CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        DeploymentSettle.UntilAsync(condition, what, SettleGuard, wait => $"The test cluster {wait}");

    private static async Task<List<ClusterNode>> NodesAsync(int port) =>
        [.. (await Cli(port, "CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ClusterNode.Parse)];

    private static async Task<string> RedisCli(string[] arguments)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-cli did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("redis-cli is not installed; run the README's test command (./test.sh), which installs it.", ex);
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            string printed = await output;
            if (process.ExitCode != 0 || printed.StartsWith("ERR", StringComparison.Ordinal) || printed.Contains("[ERR]", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} failed ({process.ExitCode}): {printed}{await error}");
            }

            return printed;
        }
    }

    /// <summary>One line of <c>CLUSTER NODES</c>: <c>id ip:port@bus flags primary-id ping pong epoch link slots…</c>.</summary>
    private sealed record ClusterNode(string Id, int Port, bool IsPrimary, string? PrimaryId, List<(int From, int To)> Slots)
    {
        public bool Serves(int slot) => Slots.Any(r => r.From <= slot && slot <= r.To);

        public static ClusterNode Parse(string line)
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string address = parts[1].Split('@')[0];
            int port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            bool primary = parts[2].Split(',').Contains("master");
            var slots = new List<(int, int)>();
            foreach (string range in parts.Skip(8).Where(p => !p.StartsWith('[')))
            {
                string[] ends = range.Split('-');
                slots.Add((int.Parse(ends[0], CultureInfo.InvariantCulture), int.Parse(ends[^1], CultureInfo.InvariantCulture)));
            }

            return new ClusterNode(parts[0], port, primary, parts[3] == "-" ? null : parts[3], slots);
        }
    }
}
