using Arith;
using Clamator.OverRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>Over a redis-server of the test's own (never skipped: without redis-server installed, the test fails saying so).</summary>
public sealed class RedisHostingTests
{
    [Fact]
    public async Task A_redis_backend_serves_and_calls_and_its_health_follows_redis()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        string prefix = "hosting-" + Guid.NewGuid().ToString("N")[..8];
        using IHost host = TestHost.Build(
            s =>
            {
                s.AddClamator(c => c.UseRedis(o => o.ShutdownGrace = TimeSpan.FromSeconds(5))
                    .AddService<IArithService, ScopedArithService>()
                    .AddClient<ArithClient>());
                s.AddHealthChecks().AddClamator();
            },
            new Dictionary<string, string?> { ["Clamator:Url"] = redis.Url, ["Clamator:KeyPrefix"] = prefix });
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await host.StartAsync();

        AddResult result = await host.Services.GetRequiredService<ArithClient>().AddAsync(new AddParams { A = 40, B = 2 });
        Assert.Equal(42, result.Sum);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        await redis.StopAsync();
        HealthReport down = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("PING", down.Entries["clamator"].Description, StringComparison.Ordinal);

        await redis.RestartAsync();
        // Redis answers PING at once after the restart, while the service's loops that failed during the outage are
        // still in their retry backoff (Degraded: "… loop is failing and retrying"); healthy once each has succeeded.
        await Eventually.UntilAsync(
            () => health.CheckHealthAsync(), r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30), r =>
            $"{r.Status}: {r.Entries["clamator"].Description}");
        await host.StopAsync();
    }

    [Fact]
    public async Task Health_is_degraded_while_pending_entries_exceed_HealthMaxPending_and_healthy_once_they_are_answered()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        using IHost host = TestHost.Build(
            s =>
            {
                s.AddClamator(c => c.UseRedis().AddService<IArithService, ScopedArithService>().AddClient<ArithClient>());
                s.AddHealthChecks().AddClamator();
            },
            new Dictionary<string, string?>
            {
                ["Clamator:Url"] = redis.Url, ["Clamator:KeyPrefix"] = "hosting-" + Guid.NewGuid().ToString("N")[..8], ["Clamator:HealthMaxPending"] = "0",
                ["Clamator:ConsumerClaimIdle"] = "00:00:04", // the backlog is read every max(1 s, claim time / 4)
            });
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var gate = host.Services.GetRequiredService<SlowAddGate>();
        await host.StartAsync();

        Task<SlowAddResult> held = host.Services.GetRequiredService<ArithClient>().SlowAddAsync(new SlowAddParams { A = 1, B = 2, SleepMs = 0 });
        await gate.Started.Task;

        // The server reads its group's backlog every second here; the check reports what it last read.
        HealthReport degraded = await Eventually.UntilAsync(() => health.CheckHealthAsync(), r => r.Status == HealthStatus.Degraded, TimeSpan.FromSeconds(30));
        HealthReportEntry entry = degraded.Entries["clamator"];
        Assert.Contains("service 'arith': 1 entries pending, over HealthMaxPending (0)", entry.Description, StringComparison.Ordinal);
        Assert.Equal(1L, entry.Data["default.arith.pending"]);

        gate.Release.SetResult();
        Assert.Equal(3, (await held).Sum);
        HealthReport healthy = await Eventually.UntilAsync(() => health.CheckHealthAsync(), r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30));
        Assert.Equal(0L, healthy.Entries["clamator"].Data["default.arith.pending"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_connection_multiplexer_in_dependency_injection_is_shared_when_no_url_is_given()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        using IHost host = TestHost.Build(s =>
        {
            s.AddSingleton<IConnectionMultiplexer>(connection);
            s.AddClamator(c => c.UseRedis(o => o.KeyPrefix = "hosting-" + Guid.NewGuid().ToString("N")[..8])
                .AddService<IArithService, ScopedArithService>()
                .AddClient<ArithClient>());
        });
        await host.StartAsync();

        AddResult result = await host.Services.GetRequiredService<ArithClient>().AddAsync(new AddParams { A = 1, B = 1 });

        Assert.Equal(2, result.Sum);
        Assert.Same(connection, Assert.IsType<RedisRpcClient>(host.Services.GetRequiredService<IRpcClient>()).Options.Connection);
        await host.StopAsync();
    }
}
