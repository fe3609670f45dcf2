using Arith;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Clamator.Tests;

/// <summary>A host whose Redis is not up yet starts anyway, reports Unhealthy, fails calls at once, and serves once Redis comes.</summary>
public sealed class StartupHostingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_host_started_with_redis_down_runs_unhealthy_fails_calls_with_ConnectionFailed_and_serves_once_redis_comes_up()
    {
        int port = RedisServerProcess.FreePort();
        string prefix = "startup-" + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturedLogs();
        using IHost host = TestHost.Build(
            s =>
            {
                s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
                s.AddClamator(c => c.UseRedis(o => o.MaxRetryDelay = TimeSpan.FromMilliseconds(300))
                    .AddService<IArithService, ScopedArithService>()
                    .AddClient<ArithClient>());
                s.AddHealthChecks().AddClamator();
            },
            new Dictionary<string, string?> { ["Clamator:Url"] = $"redis://127.0.0.1:{port}", ["Clamator:KeyPrefix"] = prefix });
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await host.StartAsync().WaitAsync(Guard);

        HealthReport down = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains($"waiting for Redis: Cannot reach Redis at 127.0.0.1:{port}: connection refused.", down.Entries["clamator"].Description,
            StringComparison.Ordinal);
        var arith = host.Services.GetRequiredService<ArithClient>();
        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => arith.AddAsync(new AddParams { A = 1, B = 2 }));
        Assert.Equal(ClamatorTransportErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal(2, logs.WithId(3050).Count); // one "cannot reach Redis yet" each for the client and the server

        await using RedisServerProcess redis = await RedisServerProcess.StartAsync(port);
        await Eventually.UntilAsync(
            () => health.CheckHealthAsync(), r => r.Status == HealthStatus.Healthy, Guard, r => $"{r.Status}: {r.Entries["clamator"].Description}");
        Assert.Equal(42, (await arith.AddAsync(new AddParams { A = 40, B = 2 }).WaitAsync(Guard)).Sum);

        await host.StopAsync().WaitAsync(Guard);
    }

    [Fact]
    public async Task A_host_stopped_while_its_backends_wait_for_redis_stops()
    {
        int port = RedisServerProcess.FreePort();
        using IHost host = TestHost.Build(
            s => s.AddClamator(c => c.UseRedis().AddService<IArithService, ScopedArithService>().AddClient<ArithClient>()),
            new Dictionary<string, string?> { ["Clamator:Url"] = $"redis://127.0.0.1:{port}", ["Clamator:KeyPrefix"] = "stop" });

        await host.StartAsync().WaitAsync(Guard);
        await host.StopAsync().WaitAsync(Guard);

        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => host.Services.GetRequiredService<ArithClient>().AddAsync(new AddParams { A = 1, B = 2 }));
        Assert.Equal(ClamatorTransportErrorKind.Stopped, failure.Kind);
    }
}
