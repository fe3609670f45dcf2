using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The README's minimal Redis ACL for a server and for a client, measured: every feature runs, Redis denies nothing.</summary>
[Collection(RedisCollection.Name)]
public sealed class MinimalAclTests(RedisFixture redis) : IAsyncLifetime
{
    /// <summary>The server's commands, as the README lists them.</summary>
    public const string ServerCommands = "xreadgroup xadd xack xclaim xautoclaim xpending xgroup|create xgroup|delconsumer xinfo|groups xinfo|consumers xtrim xrange expire eval evalsha script|load ping echo";

    /// <summary>The client's commands, as the README lists them.</summary>
    public const string ClientCommands = "xadd xread xrange expire unlink ping echo";

    /// <summary>What StackExchange.Redis asks while connecting and does without (as the log of denied commands shows).</summary>
    private static readonly HashSet<string> ConnectionProbes = ["info", "subscribe", "client|id", "client|setname", "client|setinfo", "get", "cluster|nodes", "cluster|slots", "config|get"];

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TestHosts _hosts = new(redis.Url, "a");

    private string Prefix => _hosts.Prefix;

    private string ServerUser => "srv" + Prefix;

    private string ClientUser => "cli" + Prefix;

    private string CommandKey => $"{Prefix}:cmds:arith";

    public async Task InitializeAsync()
    {
        await redis.Db.ExecuteAsync("ACL", "LOG", "RESET");
        await CreateUserAsync(ServerUser, ServerCommands);
        await CreateUserAsync(ClientUser, ClientCommands);
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        await redis.Db.ExecuteAsync("ACL", "DELUSER", ServerUser, ClientUser);
    }

    [Fact]
    public async Task Server_and_client_with_only_the_readme_acl_serve_reclaim_dead_letter_trim_and_prune()
    {
        // A crashed worker left two entries: one to reclaim, one delivered too often to dead-letter; a gone consumer to prune.
        RedisValue orphan = await AddAsync("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"orphan"}""");
        RedisValue poison = await AddAsync("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"poison"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:crashed", ">", 10);
        await redis.Db.ExecuteAsync("XCLAIM", CommandKey, "arith", "arith:crashed", 0, poison, "RETRYCOUNT", 5);
        await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", CommandKey, "arith", "arith:gone");

        RedisRpcServer server = _hosts.Own(new RedisRpcServer(new RedisRpcServerOptions
        {
            Url = $"redis://{ServerUser}:pw@127.0.0.1:{redis.Server.Port}", KeyPrefix = Prefix, InstanceId = "live",
            ConsumerClaimIdle = TimeSpan.FromMilliseconds(200), BlockTime = TimeSpan.FromMilliseconds(100), ConsumerPruneIdle = TimeSpan.FromMilliseconds(300),
            MaxConcurrency = 4,
        }));
        var arith = new ObservedArithService();
        server.RegisterService(ArithContract.Contract, arith);
        server.RegisterService(NotificationsContract.Contract, new NotificationsService());
        await server.StartAsync();
        var client = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://{ClientUser}:pw@127.0.0.1:{redis.Server.Port}", KeyPrefix = Prefix });
        await client.StartAsync();

        // Calls (some outliving the keep-alive period), notifications, then the client stops (deleting its stream).
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 0 }))).WaitAsync(Guard);
        Task started = arith.SlowAddStarted; // before the calls: it completes at the next start
        Task<SlowAddResult>[] slow = [.. Enumerable.Range(0, 4).Select(_ => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 300 }))];
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
        Assert.True(await NothingDeniedAsync());
    }

    private async Task<bool> NothingDeniedAsync()
    {
        Assert.DoesNotContain(await DeniedAsync(), d => !ConnectionProbes.Contains(d.Command));
        return true;
    }

    [Theory]
    [InlineData("clamator-server", ServerCommands)]
    [InlineData("clamator-client", ClientCommands)]
    public void Readme_lists_exactly_the_measured_acl(string user, string commands)
    {
        string line = File.ReadLines(Path.Combine(RepoPaths.Root, "README.md")).Single(l => l.StartsWith($"ACL SETUSER {user} ", StringComparison.Ordinal));

        Assert.Equal(commands.Split(' ').Order(), line.Split(' ').Where(w => w.StartsWith('+')).Select(w => w[1..]).Order());
    }

    [Fact]
    public async Task Server_whose_user_may_not_expire_reply_streams_fails_to_start_with_the_reason()
    {
        await CreateUserAsync(ServerUser, ServerCommands.Replace(" expire", "", StringComparison.Ordinal));
        RedisRpcServer server = _hosts.Own(new RedisRpcServer(new RedisRpcServerOptions { Url = $"redis://{ServerUser}:pw@127.0.0.1:{redis.Server.Port}", KeyPrefix = Prefix }));
        server.RegisterService(ArithContract.Contract, new ArithService());

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => server.StartAsync());

        Assert.Contains("+expire", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The commands and keys Redis denied our two users (ACL LOG).</summary>
    private async Task<List<(string User, string Reason, string Command)>> DeniedAsync()
    {
        RedisResult log = await redis.Db.ExecuteAsync("ACL", "LOG", 1000);
        var denied = new List<(string, string, string)>();
        for (int i = 0; i < log.Length; i++)
        {
            Dictionary<string, RedisResult> entry = log[i].ToDictionary();
            string user = (string)entry["username"]!;
            if (user == ServerUser || user == ClientUser)
            {
                denied.Add((user, (string)entry["reason"]!, (string)entry["object"]!));
            }
        }

        return denied;
    }

    private Task<RedisValue> AddAsync(string envelope) =>
        redis.Db.StreamAddAsync(CommandKey, [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", envelope), new NameValueEntry("reply-to", $"{Prefix}:replies:peer")]);

    private Task CreateUserAsync(string user, string commands) =>
        redis.Db.ExecuteAsync("ACL", ["SETUSER", user, "reset", "on", ">pw", $"~{Prefix}:*", .. commands.Split(' ').Select(c => (object)("+" + c))]);

}
