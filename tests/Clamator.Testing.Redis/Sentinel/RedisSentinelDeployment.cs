using System.Globalization;
using StackExchange.Redis;

namespace Clamator.Tests;

/// <summary>
/// A Sentinel deployment on free loopback ports: one primary, two replicas (<c>--replicaof</c>) and three sentinels
/// monitoring them as <see cref="ServiceName"/> with a quorum of 2; nothing persisted but the sentinels' own config
/// files, in a temp folder deleted on dispose. Offers the failover the tests make under load (<c>SENTINEL FAILOVER</c>).
/// </summary>
public sealed class RedisSentinelDeployment : IAsyncDisposable
{
    /// <summary>The name the sentinels monitor the primary under.</summary>
    public const string ServiceName = "clamator";

    private static readonly TimeSpan SettleGuard = TimeSpan.FromSeconds(60);
    private readonly List<RedisServerProcess> _servers = [];
    private readonly List<RedisServerProcess> _sentinels = [];
    private readonly string _directory;

    private RedisSentinelDeployment(string directory) => _directory = directory;

    /// <summary>The ports of the primary and the replicas (which is which changes with a failover).</summary>
    public IReadOnlyList<int> ServerPorts => [.. _servers.Select(s => s.Port)];

    public IReadOnlyList<int> SentinelPorts => [.. _sentinels.Select(s => s.Port)];

    /// <summary>The sentinels' logs, for failure messages.</summary>
    public string SentinelLogs => string.Join("\n", _sentinels.Select(s => $"sentinel :{s.Port}\n{s.Output}"));

    /// <summary>A new StackExchange.Redis configuration that finds the primary through the sentinels.</summary>
    public ConfigurationOptions Configuration()
    {
        var options = new ConfigurationOptions { ServiceName = ServiceName, AbortOnConnectFail = false };
        foreach (int port in SentinelPorts)
        {
            options.EndPoints.Add("127.0.0.1", port);
        }

        return options;
    }

    public static async Task<RedisSentinelDeployment> StartAsync()
    {
        var deployment = new RedisSentinelDeployment(Directory.CreateTempSubdirectory("clamator-sentinel-").FullName);
        try
        {
            // Any of them may become the primary; a replica's full sync starts at once rather than after 5 s.
            string[] common = ["--dir", deployment._directory, "--repl-diskless-sync-delay", "0"];
            RedisServerProcess primary = await RedisServerProcess.StartAsync(common);
            deployment._servers.Add(primary);
            for (int i = 0; i < 2; i++)
            {
                deployment._servers.Add(
                    await RedisServerProcess.StartAsync([.. common, "--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)]));
            }

            for (int i = 0; i < 3; i++)
            {
                int port = RedisServerProcess.FreePort();
                string config = Path.Combine(deployment._directory, $"sentinel-{port}.conf");
                await File.WriteAllLinesAsync(config,
                [
                    $"dir {deployment._directory}",
                    $"sentinel monitor {ServiceName} 127.0.0.1 {primary.Port} 2",
                    $"sentinel down-after-milliseconds {ServiceName} 5000",
                    // Also how long Sentinel waits before demoting an old primary that still says it is one (which takes writes until then).
                    $"sentinel failover-timeout {ServiceName} 3000",
                    $"sentinel parallel-syncs {ServiceName} 2",
                ]);
                deployment._sentinels.Add(await RedisServerProcess.StartSentinelAsync(port, config));

                // Sentinel learns roles from INFO, every 10 s by default: a failover would take that long to see the promotion
                // and to reconfigure the other replica.
                await RedisCluster.Cli(port, "SENTINEL", "DEBUG", "info-period", "500", "publish-period", "500", "slave-reconf-timeout", "3000");
            }

            await deployment.WaitUntilSettledAsync(primary.Port);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>The port of the primary, as the first sentinel sees it now.</summary>
    public async Task<int> PrimaryPortAsync() => await PrimaryPortSeenByAsync(_sentinels[0].Port);

    /// <summary>
    /// <c>SENTINEL FAILOVER</c>: a replica is promoted, the old primary and the other replica replicate from it. Returns
    /// the new primary's port once every sentinel names it, every replica is linked to it and every sentinel knows
    /// both replicas again (so a next failover finds one to promote).
    /// </summary>
    public async Task<int> FailoverAsync()
    {
        int old = await PrimaryPortAsync();
        await RedisCluster.Cli(_sentinels[0].Port, "SENTINEL", "FAILOVER", ServiceName);
        int promoted = 0;
        await WaitUntilAsync(
            async () =>
            {
                promoted = await PrimaryPortAsync();
                return promoted != old;
            },
            $"a sentinel to name a primary other than :{old}");
        await WaitUntilSettledAsync(promoted);
        return promoted;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RedisServerProcess process in _sentinels.Concat(_servers))
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A process's last write raced the delete; the temp folder is cleaned by the system.
        }
    }

    private static async Task<int> PrimaryPortSeenByAsync(int sentinelPort)
    {
        string[] address = (await RedisCluster.Cli(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName)).Split(
            '\n', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(address[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Every replica linked to <paramref name="primaryPort"/>, which is a primary; every sentinel names it, sees it
    /// healthy, knows the two replicas healthy and the two other sentinels.
    /// </summary>
    private async Task WaitUntilSettledAsync(int primaryPort) => await WaitUntilAsync(
        async () =>
        {
            foreach (RedisServerProcess server in _servers)
            {
                string replication = await RedisCluster.Cli(server.Port, "INFO", "replication");
                bool settled = server.Port == primaryPort
                    ? replication.Contains("role:master", StringComparison.Ordinal)
                    : replication.Contains("role:slave", StringComparison.Ordinal)
                        && replication.Contains($"master_port:{primaryPort}\r\n", StringComparison.Ordinal)
                        && replication.Contains("master_link_status:up", StringComparison.Ordinal);
                if (!settled)
                {
                    return false;
                }
            }

            foreach (RedisServerProcess sentinel in _sentinels)
            {
                Dictionary<string, string> master = Fields(await RedisCluster.Cli(sentinel.Port, "SENTINEL", "MASTER", ServiceName));
                List<string> replicaFlags = Values(await RedisCluster.Cli(sentinel.Port, "SENTINEL", "REPLICAS", ServiceName), "flags");
                if (master["port"] != primaryPort.ToString(CultureInfo.InvariantCulture) || master["flags"] != "master"
                    || master["num-other-sentinels"] != "2" || replicaFlags is not ["slave", "slave"])
                {
                    return false;
                }
            }

            return true;
        },
        $"the replicas linked to :{primaryPort} and every sentinel seeing it, both replicas and the other sentinels");

    /// <summary>The fields of a flat key/value reply as <c>redis-cli</c> prints it, one line each.</summary>
    private static Dictionary<string, string> Fields(string printed)
    {
        string[] lines = printed.Split('\n');
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            fields[lines[i]] = lines[i + 1];
        }

        return fields;
    }

    /// <summary>Every value that follows a <paramref name="key"/> line in a list of key/value replies.</summary>
    private static List<string> Values(string printed, string key)
    {
        string[] lines = printed.Split('\n');
        return [.. lines.Select((line, i) => (line, i)).Where(l => l.line == key && l.i + 1 < lines.Length).Select(l => lines[l.i + 1])];
    }

    private Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        DeploymentSettle.UntilAsync(condition, what, SettleGuard, wait => $"The Sentinel deployment {wait}\n{SentinelLogs}");
}
