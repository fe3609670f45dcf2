using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The minimal Redis ACL of docs/redis.md for a server and for a client, measured over <paramref name="redis"/>: every feature
/// runs, Redis denies nothing. The users are made on every node; <paramref name="serverExtras"/> and
/// <paramref name="clientExtras"/> are the commands the shape of the Redis adds (none for one redis-server).
/// </summary>
public abstract class MinimalAclSuite(IRedisUnderTest redis, string serverExtras, string clientExtras) : IAsyncLifetime
{
    /// <summary>The server's commands, as docs/redis.md lists them.</summary>
    public const string ServerCommands = "xreadgroup xadd xack xclaim xautoclaim xpending xgroup|create xgroup|delconsumer xinfo|groups xinfo|consumers " +
        "xtrim xrange expire eval evalsha script|load ping echo time hset hdel hgetall pexpire";

    /// <summary>The client's commands, as docs/redis.md lists them.</summary>
    public const string ClientCommands = "xadd xread xrange expire unlink ping echo xinfo|consumers time hgetall";

    /// <summary>
    /// What StackExchange.Redis asks while connecting and does without (as the log of denied commands shows); on a
    /// cluster it also sends <c>READONLY</c>/<c>READWRITE</c> to the nodes, needed only for reads from replicas.
    /// </summary>
    private static readonly HashSet<string> ConnectionProbes = ["info", "subscribe", "client|id", "client|setname", "client|setinfo", "get", "cluster|nodes",
        "cluster|slots", "config|get", "readonly", "readwrite"];

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TestHosts _hosts = new(redis.Url, "a");
    private EveryNode _nodes = null!;

    protected TestHosts Hosts => _hosts;

    protected string Prefix => _hosts.Prefix;

    protected string ServerUser => "srv" + Prefix;

    protected string ClientUser => "cli" + Prefix;

    protected string CommandKey => $"{Prefix}:cmds:arith";

    public async Task InitializeAsync()
    {
        _nodes = await EveryNode.ConnectAsync(redis.NodePorts);
        await OnEveryNodeAsync("ACL", "LOG", "RESET");
        await CreateUserAsync(ServerUser, $"{ServerCommands} {serverExtras}");
        await CreateUserAsync(ClientUser, $"{ClientCommands} {clientExtras}");
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        await OnEveryNodeAsync("ACL", "DELUSER", ServerUser, ClientUser);
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task Server_and_client_with_only_the_readme_acl_serve_reclaim_dead_letter_trim_and_prune()
    {
        // A crashed worker left two entries: one to reclaim, one delivered too often to dead-letter; a gone consumer to prune.
        RedisValue orphan = await AddAsync("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"orphan"}""");
        RedisValue poison = await AddAsync("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"poison"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:crashed", ">", 10);
        await redis.Db.ExecuteAsync("XCLAIM", (RedisKey)CommandKey, "arith", "arith:crashed", 0, poison, "RETRYCOUNT", 5);
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", (RedisKey)CommandKey, "arith", "arith:gone");
        await redis.Db.HashSetAsync(
            $"{Prefix}:presence:arith", "gone", new PresenceRecord { Instance = "gone", Consumer = "arith:gone", BeatAt = 1, GoneAfterMs = 1 }.ToJson());

        RedisRpcServer server = _hosts.Own(new RedisRpcServer(new RedisRpcServerOptions
        {
            Url = $"redis://{ServerUser}:pw@127.0.0.1:{redis.NodePorts[0]}", KeyPrefix = Prefix, InstanceId = "live",
            ConsumerClaimIdle = TimeSpan.FromMilliseconds(200), BlockTime = TimeSpan.FromMilliseconds(100), ConsumerPruneIdle = TimeSpan.FromMilliseconds(300),
            MaxConcurrency = 4,
        }));
        var arith = new ObservedArithService();
        server.RegisterService(ArithContract.Contract, arith);
        server.RegisterService(NotificationsContract.Contract, new NotificationsService());
        await server.StartAsync();
        var client = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://{ClientUser}:pw@127.0.0.1:{redis.NodePorts[0]}", KeyPrefix = Prefix });
        await client.StartAsync();

        // A service nobody serves: the client's view of its responders (TIME, XINFO CONSUMERS, HGETALL) says none.
        var none = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.NotifyAsync(KitchenContract.Reset, new ResetParams()));
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, none.Kind);

        // Calls (some outliving the keep-alive period), notifications, then the client stops (deleting its stream).
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 0 }))).WaitAsync(Guard);
        Task started = arith.SlowAddStarted; // before the calls: it completes at the next start
        Task<SlowAddResult>[] slow = [.. Enumerable.Range(0, 4).Select(
            _ => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 300 }))];
        await started.WaitAsync(Guard);
        Assert.Equal(0, await client.AuditNowAsync());
        await Task.WhenAll(slow).WaitAsync(Guard);
        await client.NotifyAsync(NotificationsContract.Ping, new PingParams { Tag = "acl" }).WaitAsync(Guard);
        await client.DisposeAsync();

        // Until the dead letter is written, the gone consumer pruned and the stream trimmed; a denied command fails at once.
        await Eventually.UntilAsync(async () =>
            await NothingDeniedAsync()
            && await redis.Db.StreamLengthAsync($"{Prefix}:dead:arith") == 1
            && (await redis.Db.StreamConsumerInfoAsync(CommandKey, "arith")).All(c => c.Name == "arith:live")
            && await redis.Db.StreamLengthAsync(CommandKey) < 300, Guard);
        Assert.Equal(2, await redis.Db.StreamLengthAsync($"{Prefix}:replies:peer"));
        Assert.False(await redis.Db.HashExistsAsync($"{Prefix}:presence:arith", "gone")); // pruned with its consumer

        // A graceful stop: the stopped record, the consumer's removal.
        await server.StopAsync().WaitAsync(Guard);
        Assert.True(await NothingDeniedAsync());
    }

    [Fact]
    public async Task Server_whose_user_may_not_write_its_heartbeat_fails_to_start_with_the_reason()
    {
        await CreateUserAsync(ServerUser, $"{ServerCommands} {serverExtras}".Replace(" hset", "", StringComparison.Ordinal));
        RedisRpcServer server = _hosts.Own(
            new RedisRpcServer(new RedisRpcServerOptions { Url = $"redis://{ServerUser}:pw@127.0.0.1:{redis.NodePorts[0]}", KeyPrefix = Prefix }));
        server.RegisterService(ArithContract.Contract, new ArithService());

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => server.StartAsync());

        Assert.Contains("+hset", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClamatorTransportErrorKind.AuthenticationFailed, error.Kind);
    }

    private async Task<bool> NothingDeniedAsync()
    {
        Assert.Empty((await DeniedAsync()).Where(d => !ConnectionProbes.Contains(d.Command)).Distinct());
        return true;
    }

    [Fact]
    public async Task Server_whose_user_may_not_expire_reply_streams_fails_to_start_with_the_reason()
    {
        await CreateUserAsync(ServerUser, $"{ServerCommands} {serverExtras}".Replace(" expire", "", StringComparison.Ordinal));
        RedisRpcServer server = _hosts.Own(
            new RedisRpcServer(new RedisRpcServerOptions { Url = $"redis://{ServerUser}:pw@127.0.0.1:{redis.NodePorts[0]}", KeyPrefix = Prefix }));
        server.RegisterService(ArithContract.Contract, new ArithService());

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => server.StartAsync());

        Assert.Contains("+expire", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The commands and keys Redis denied our two users (ACL LOG), on whichever node denied them.</summary>
    private async Task<List<(string User, string Reason, string Command)>> DeniedAsync()
    {
        var denied = new List<(string, string, string)>();
        foreach (RedisResult log in await OnEveryNodeAsync("ACL", "LOG", 1000))
        {
            for (int i = 0; i < log.Length; i++)
            {
                Dictionary<string, RedisResult> entry = log[i].ToDictionary();
                string user = (string)entry["username"]!;
                if (user == ServerUser || user == ClientUser)
                {
                    denied.Add((user, (string)entry["reason"]!, (string)entry["object"]!));
                }
            }
        }

        return denied;
    }

    private Task<RedisValue> AddAsync(string envelope) =>
        redis.Db.StreamAddAsync(
        CommandKey, [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", envelope), new NameValueEntry("reply-to", $"{Prefix}:replies:peer")]);

    protected Task CreateUserAsync(string user, string commands) =>
        OnEveryNodeAsync("ACL",
        ["SETUSER", user, "reset", "on", ">pw", $"~{Prefix}:*", .. commands.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => (object)("+" + c))]);

    /// <summary>Runs one command on every node, primaries and replicas: ACL users and logs are per node.</summary>
    private Task<RedisResult[]> OnEveryNodeAsync(string command, params object[] arguments) => _nodes.ExecuteAsync(command, arguments);
}

/// <summary>The minimal ACL over a real redis-server: the two lines of docs/redis.md, nothing more.</summary>
[Collection(RedisCollection.Name)]
public sealed class MinimalAclTests(RedisFixture redis) : MinimalAclSuite(redis, serverExtras: "", clientExtras: "")
{
    [Theory]
    [InlineData("clamator-server", ServerCommands)]
    [InlineData("clamator-client", ClientCommands)]
    public void Readme_lists_exactly_the_measured_acl(string user, string commands)
    {
        string line = File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "redis.md")).Single(
            l => l.StartsWith($"ACL SETUSER {user} ", StringComparison.Ordinal));

        Assert.Equal(commands.Split(' ').Order(), line.Split(' ').Where(w => w.StartsWith('+')).Select(w => w[1..]).Order());
    }
}

/// <summary>
/// The minimal ACL over a six-node Redis Cluster (three primaries, a replica each), the users made on every node:
/// the two lines of docs/redis.md plus <see cref="ClusterCommands"/>.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class MinimalAclClusterTests(RedisClusterFixture redis) : MinimalAclSuite(redis, ClusterCommands, ClusterCommands)
{
    /// <summary>What a cluster adds to both users, as docs/redis.md lists it.</summary>
    public const string ClusterCommands = "exists cluster|nodes";

    [Theory]
    [InlineData("exists")]
    [InlineData("cluster|nodes")]
    public async Task Server_whose_user_lacks_a_cluster_command_fails_to_start_with_a_transport_exception(string missing)
    {
        await CreateUserAsync(ServerUser, $"{ServerCommands} {Without(missing)}");
        RedisRpcServer server = Hosts.Own(
            new RedisRpcServer(new RedisRpcServerOptions
            {
                Url = $"redis://{ServerUser}:pw@127.0.0.1:{await NodeNotServingAsync(CommandKey)}",
                KeyPrefix = Prefix
            }));
        server.RegisterService(ArithContract.Contract, new ArithService());

        await Assert.ThrowsAsync<ClamatorTransportException>(() => server.StartAsync());
    }

    [Theory]
    [InlineData("exists")]
    [InlineData("cluster|nodes")]
    public async Task Client_whose_user_lacks_a_cluster_command_fails_to_start_with_a_transport_exception_not_a_raw_redis_one(string missing)
    {
        await CreateUserAsync(ClientUser, $"{ClientCommands} {Without(missing)}");
        string instance = Prefix + "-caller";
        RedisRpcClient client = Hosts.Own(new RedisRpcClient(new RedisRpcClientOptions
        {
            Url = $"redis://{ClientUser}:pw@127.0.0.1:{await NodeNotServingAsync($"{Prefix}:replies:{instance}")}", KeyPrefix = Prefix, InstanceId = instance,
        }));

        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.StartAsync());
    }

    [Fact]
    public void Readme_lists_exactly_the_measured_cluster_acl()
    {
        const string Lead = "ACLs, add `";
        string line = File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "redis.md")).Single(l => l.Contains(Lead, StringComparison.Ordinal));
        string listed = line[(line.IndexOf(Lead, StringComparison.Ordinal) + Lead.Length)..];
        listed = listed[..listed.IndexOf('`', StringComparison.Ordinal)];

        Assert.Equal(ClusterCommands.Split(' ').Order(), listed.Split(' ').Select(w => w.TrimStart('+')).Order());
    }

    private static string Without(string command) => string.Join(' ', ClusterCommands.Split(' ').Where(c => c != command));

    /// <summary>
    /// A node that does not serve <paramref name="key"/>, to point a user at: without <c>CLUSTER NODES</c> its
    /// connection never learns where the key lives (pointed at the owner, it would not need to).
    /// </summary>
    private async Task<int> NodeNotServingAsync(string key)
    {
        int owner = await redis.Cluster.PrimaryOfAsync(key);
        return redis.Cluster.Ports.First(p => p != owner);
    }
}
