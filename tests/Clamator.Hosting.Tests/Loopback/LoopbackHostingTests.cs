using Arith;
using Clamator.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Clamator.Tests.Loopback;

/// <summary>
/// Clamator.Hosting over a third transport that knows it only through its public seam (<see cref="ClamatorTransport"/>,
/// <see cref="ClamatorBuilder.UseTransport"/>): scopes per call, health from the lifecycle and the transport's probe, start,
/// stop that drains, dispose.
/// </summary>
public sealed class LoopbackHostingTests
{
    private readonly LoopbackNetwork _network = new();

    [Fact]
    public async Task A_service_served_over_the_third_transport_answers_the_injected_client_in_a_scope_of_its_own_per_call()
    {
        using IHost host = Host();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ArithClient>();

        AddResult first = await client.AddAsync(new AddParams { A = 1, B = 1 });
        await client.AddAsync(new AddParams { A = 2, B = 2 });

        Assert.Equal(2, first.Sum);
        var calls = host.Services.GetRequiredService<CallLog>().Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Same(c.Direct, c.ViaHolder));
        Assert.NotSame(calls[0].Direct, calls[1].Direct);
        Assert.True(calls[0].Direct.Disposed);
        await host.StopAsync();
    }

    [Fact]
    public async Task Health_is_unhealthy_until_started_then_what_the_transports_probe_says_and_unhealthy_once_stopped()
    {
        using IHost host = Host();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        HealthReport before = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal("Clamator backend 'default': the server is not running.", before.Entries["clamator"].Description);
        Assert.Null(_network.LastProbe); // not probed before the backend runs

        await host.StartAsync();
        HealthReport healthy = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(true, healthy.Entries["clamator"].Data["default.loopback"]);
        Assert.NotNull(_network.LastProbe!.Server);
        Assert.NotNull(_network.LastProbe.Client);

        _network.Health = ClamatorTransportHealth.DegradedBy(["Clamator backend 'default': the loopback is slow."]);
        HealthReport degraded = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("Clamator backend 'default': the loopback is slow.", degraded.Entries["clamator"].Description);

        var cause = new InvalidOperationException("cable cut");
        _network.Health = ClamatorTransportHealth.Unhealthy("Clamator backend 'default': the loopback is down.", cause);
        HealthReport down = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Equal("Clamator backend 'default': the loopback is down.", down.Entries["clamator"].Description);
        Assert.Same(cause, down.Entries["clamator"].Exception);

        _network.Health = ClamatorTransportHealth.Healthy;
        await host.StopAsync();
        HealthReport stopped = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("not running", stopped.Entries["clamator"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_host_drains_a_call_in_flight_and_disposing_it_disposes_the_server_the_client_and_the_transport()
    {
        IHost host = Host();
        await host.StartAsync();
        var gate = host.Services.GetRequiredService<SlowAddGate>();
        Task<SlowAddResult> call = host.Services.GetRequiredService<ArithClient>().SlowAddAsync(new SlowAddParams { A = 4, B = 5, SleepMs = 0 });
        await gate.Started.Task;

        Task stop = host.StopAsync();
        Assert.False(call.IsCompleted);
        gate.Release.SetResult();
        await stop;
        Assert.Equal(9, (await call).Sum);
        // The server core releases its transport once drained; the client is only stopped until the host is disposed.
        Assert.Equal((1, 0, 0), (_network.ServersDisposed, _network.ClientsDisposed, _network.TransportsDisposed));

        host.Dispose();

        Assert.Equal((1, 1, 1), (_network.ServersDisposed, _network.ClientsDisposed, _network.TransportsDisposed));
    }

    [Fact]
    public async Task A_server_whose_start_waits_for_the_network_lets_the_host_start_reports_why_and_serves_once_it_is_up()
    {
        var logs = new CapturedLogs();
        _network.TakeOffline();
        using IHost host = Host(services: s => s.AddLogging(b => b.AddProvider(logs)));
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await host.StartAsync();

        HealthReport waiting = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, waiting.Status);
        Assert.Equal("Clamator backend 'default': the server is waiting for Loopback: The loopback network is offline.",
            waiting.Entries["clamator"].Description);
        Assert.Contains("the server cannot reach Loopback yet", Assert.Single(logs.WithId(3050)).Message, StringComparison.Ordinal);
        var arith = host.Services.GetRequiredService<ArithClient>();
        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => arith.AddAsync(new AddParams { A = 1, B = 2 }));
        Assert.Equal(ClamatorTransportErrorKind.NoResponders, failure.Kind);

        _network.BringOnline();
        await Eventually.UntilAsync(
            () => health.CheckHealthAsync(), r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30), r =>
            $"{r.Status}: {r.Entries["clamator"].Description}");
        Assert.Equal(3, (await arith.AddAsync(new AddParams { A = 1, B = 2 })).Sum);
        await host.StopAsync();
    }

    [Fact]
    public void The_transport_binds_its_options_from_the_backends_section_and_a_second_transport_is_refused()
    {
        using IHost host = Host(new Dictionary<string, string?> { ["Clamator:DefaultTimeout"] = "00:00:07" });

        Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IOptionsMonitor<LoopbackOptions>>().Get("").DefaultTimeout);
        var services = new ServiceCollection();
        var error = Assert.Throws<InvalidOperationException>(() => services.AddClamator(c => c.UseLoopback(_network).UseMemory()));
        Assert.Equal("Clamator backend '' already runs on Loopback.", error.Message);
    }

    private IHost Host(IDictionary<string, string?>? configuration = null, Action<IServiceCollection>? services = null) => TestHost.Build(
        s =>
        {
            services?.Invoke(s);
            s.AddClamator(c => c.UseLoopback(_network).AddService<IArithService, ScopedArithService>().AddClient<ArithClient>());
            s.AddHealthChecks().AddClamator();
        },
        configuration);
}
