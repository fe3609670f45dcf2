using Arith;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Clamator.Tests;

public sealed class MemoryHostingTests
{
    [Fact]
    public async Task A_service_added_to_the_host_answers_through_the_injected_generated_client()
    {
        using IHost host = TestHost.ArithOverMemory();
        await host.StartAsync();

        AddResult result = await host.Services.GetRequiredService<ArithClient>().AddAsync(new AddParams { A = 2, B = 3 });

        Assert.Equal(5, result.Sum);
        Assert.Same(host.Services.GetRequiredService<IRpcClient>(), host.Services.GetRequiredKeyedService<IRpcClient>(""));
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_call_gets_a_scope_of_its_own_shared_within_the_call_and_disposed_after_it()
    {
        using IHost host = TestHost.ArithOverMemory();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ArithClient>();

        await client.AddAsync(new AddParams { A = 1, B = 1 });
        await client.AddAsync(new AddParams { A = 2, B = 2 });

        var calls = host.Services.GetRequiredService<CallLog>().Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Same(c.Direct, c.ViaHolder));
        Assert.NotSame(calls[0].Direct, calls[1].Direct);
        Assert.True(calls[0].Direct.Disposed);
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_drains_a_call_in_flight_before_stop_returns()
    {
        using IHost host = TestHost.ArithOverMemory();
        await host.StartAsync();
        var gate = host.Services.GetRequiredService<SlowAddGate>();
        Task<SlowAddResult> call = host.Services.GetRequiredService<ArithClient>().SlowAddAsync(new SlowAddParams { A = 4, B = 5, SleepMs = 0 });
        await gate.Started.Task;

        Task stop = host.StopAsync();
        Assert.False(call.IsCompleted);
        gate.Release.SetResult();
        await stop;

        // The host stops the client (failing calls still pending with "transport stopped") only after the server
        // drained, so a result here means the reply arrived within the host's stop.
        Assert.Equal(9, (await call).Sum);
    }

    [Fact]
    public async Task Invalid_options_fail_the_host_start_naming_the_setting()
    {
        using IHost host = TestHost.ArithOverMemory(configuration: new Dictionary<string, string?> { ["Clamator:DefaultTimeout"] = "-00:00:01" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Clamator:DefaultTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_redis_options_from_configuration_fail_the_host_start_naming_the_setting()
    {
        using IHost host = TestHost.Build(
            s => s.AddClamator(c => c.UseRedis(o => o.KeyPrefix = "app").AddService<IArithService, ScopedArithService>()),
            new Dictionary<string, string?> { ["Clamator:MaxConcurrency"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Clamator:MaxConcurrency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_backend_binds_its_own_section_and_injects_its_client_by_key()
    {
        using IHost host = TestHost.Build(s => s
            .AddClamator(c => c.UseMemory().AddService<IArithService, ScopedArithService>())
            .AddClamator("billing", c => c.UseMemory().AddService<IArithService, ScopedArithService>().AddClient<ArithClient>()),
            new Dictionary<string, string?> { ["Clamator:billing:DefaultTimeout"] = "00:00:07" });
        await host.StartAsync();

        var client = host.Services.GetRequiredKeyedService<ArithClient>("billing");
        AddResult result = await client.AddAsync(new AddParams { A = 20, B = 22 });

        Assert.Equal(42, result.Sum);
        Assert.Equal(TimeSpan.FromSeconds(7),
            host.Services.GetRequiredService<IOptionsMonitor<Clamator.OverMemory.ClamatorMemoryOptions>>().Get("billing").DefaultTimeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task Interceptors_from_dependency_injection_run_around_the_calls_of_the_server_and_the_client()
    {
        using IHost host = TestHost.ArithOverMemory(c => c.AddServerInterceptor<RecordingInterceptor>().AddClientInterceptor<ClientRecordingInterceptor>());
        await host.StartAsync();

        await host.Services.GetRequiredService<ArithClient>().AddAsync(new AddParams { A = 1, B = 2 });

        Assert.Equal(["arith.add"], host.Services.GetRequiredService<RecordingInterceptor>().Seen);
        Assert.Equal(["arith.add"], host.Services.GetRequiredService<ClientRecordingInterceptor>().Inner.Seen);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_health_check_is_healthy_while_the_host_runs_and_unhealthy_once_stopped()
    {
        using IHost host = TestHost.Build(s =>
        {
            s.AddClamator(c => c.UseMemory().AddService<IArithService, ScopedArithService>().AddClient<ArithClient>());
            s.AddHealthChecks().AddClamator();
        });
        var health = host.Services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        await host.StartAsync();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        await host.StopAsync();
        HealthReport stopped = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("not running", stopped.Entries["clamator"].Description, StringComparison.Ordinal);
    }
}
