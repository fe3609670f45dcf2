using Arith;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Crashes and Redis restarts: nothing is lost, nothing needs an app restart. Each test owns its redis-server.</summary>
public sealed class RedisFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private RedisServerProcess _redis = null!;
    private TestHosts _hosts = null!;

    private string Prefix => _hosts.Prefix;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _hosts = new TestHosts(_redis.Url, "f");
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Server_process_killed_mid_handler_is_reclaimed_by_another_server_and_the_call_completes()
    {
        ArithServerProcess doomed = Own(await ArithServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_URL"] = _redis.Url,
            ["KEY_PREFIX"] = Prefix,
            ["INSTANCE_ID"] = "doomed",
            ["CONSUMER_CLAIM_IDLE_MS"] = "1000",
            ["CLAMATOR_TRACE_HANDLERS"] = "1",
        }));
        RedisRpcClient client = Own(new RedisRpcClient(new RedisRpcClientOptions { Url = _redis.Url, KeyPrefix = Prefix }));
        await client.StartAsync();

        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 20, B = 22, SleepMs = 1500 }, TimeSpan.FromSeconds(30));
        await doomed.WaitForLineAsync(l => l == "START arith.slowAdd");
        await doomed.KillAsync();

        var rescuer = new ArithService();
        RedisRpcServer survivor = Own(new RedisRpcServer(new RedisRpcServerOptions
        {
            Url = _redis.Url,
            KeyPrefix = Prefix,
            InstanceId = "survivor",
            ConsumerClaimIdle = TimeSpan.FromSeconds(1),
        }));
        survivor.RegisterService(ArithContract.Contract, rescuer);
        await survivor.StartAsync();

        Assert.Equal(42, (await call.WaitAsync(Guard)).Sum);
        Assert.Equal(1, rescuer.Handled);
    }

    [Fact]
    public async Task Graceful_sigterm_drains_and_reports_handled_count()
    {
        ArithServerProcess server = Own(await ArithServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_URL"] = _redis.Url,
            ["KEY_PREFIX"] = Prefix,
            ["CLAMATOR_TRACE_HANDLERS"] = "1",
        }));
        RedisRpcClient client = Own(new RedisRpcClient(new RedisRpcClientOptions { Url = _redis.Url, KeyPrefix = Prefix }));
        await client.StartAsync();
        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 });
        await client.NotifyAsync(NotificationsContract.Ping, new PingParams { Tag = "z" });
        await server.WaitForLineAsync(l => l == """NOTIFY notifications.ping {"tag":"z"}""");

        Task<SlowAddResult> draining = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 500 });
        await server.WaitForLineAsync(l => l == "START arith.slowAdd");
        int exitCode = await server.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(2, (await draining.WaitAsync(Guard)).Sum);
        Assert.Contains("HANDLED:3", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_process_serves_the_generated_kitchen_contract()
    {
        ArithServerProcess server = Own(await ArithServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_URL"] = _redis.Url,
            ["KEY_PREFIX"] = Prefix,
        }));
        RedisRpcClient client = Own(new RedisRpcClient(new RedisRpcClientOptions { Url = _redis.Url, KeyPrefix = Prefix }));
        await client.StartAsync();
        var kitchen = new KitchenClient(client);

        ShapeResult area = await kitchen.ShapeAsync(new ShapeParams { S = new ShapeParamsSRect { W = 2, H = 3 } }).WaitAsync(Guard);
        await kitchen.ResetAsync(new ResetParams()).WaitAsync(Guard);
        await server.WaitForLineAsync(l => l == "NOTIFY kitchen.reset {}");
        using var bad = System.Text.Json.JsonDocument.Parse("""{"s":{"type":"rect","w":2}}""");
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync("kitchen.shape", bad.RootElement).WaitAsync(Guard));

        Assert.Equal(6, area.Area);
        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
    }

    [Fact]
    public async Task Server_and_client_resume_after_redis_restarts_empty()
    {
        var arith = new ArithService();
        RedisRpcServer server = Own(
            new RedisRpcServer(new RedisRpcServerOptions { Url = _redis.Url, KeyPrefix = Prefix, MaxRetryDelay = TimeSpan.FromMilliseconds(500) }));
        server.RegisterService(ArithContract.Contract, arith);
        await server.StartAsync();
        RedisRpcClient client = Own(
            new RedisRpcClient(new RedisRpcClientOptions { Url = _redis.Url, KeyPrefix = Prefix, MaxRetryDelay = TimeSpan.FromMilliseconds(500) }));
        await client.StartAsync();
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard)).Sum);

        await _redis.RestartAsync();

        Assert.Equal(7, (await client.CallAsync(ArithContract.Add, new AddParams { A = 3, B = 4 }, TimeSpan.FromSeconds(45)).WaitAsync(Guard)).Sum);
        Assert.Equal(11, (await client.CallAsync(ArithContract.Add, new AddParams { A = 5, B = 6 }).WaitAsync(Guard)).Sum);
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable => _hosts.Own(disposable);
}
