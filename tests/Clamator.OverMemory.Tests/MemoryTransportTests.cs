using Arith;
using Clamator.OverMemory;
using Clamator.Testing;
using Xunit;

namespace Clamator.Tests;

/// <summary>The transport behaviour suite over the in-memory transport, plus its own rules (docs/protocol.md §9).</summary>
public sealed class MemoryTransportTests : TransportComplianceTests
{
    private readonly MemoryBus _bus = new();

    protected override IRpcServer NewServer(TimeSpan? shutdownGrace = null, Transport.RpcServerLimits? limits = null) =>
        new MemoryRpcServer(_bus, shutdownGrace, limits: limits);

    protected override IRpcClient NewClient(TimeSpan? defaultTimeout = null) => new MemoryRpcClient(_bus, defaultTimeout);

    [Fact]
    public async Task A_second_server_for_the_same_service_on_one_bus_throws()
    {
        await StartServerAsync();
        await using var second = new MemoryRpcServer(_bus);

        Assert.Throws<InvalidOperationException>(() => second.RegisterService(ArithContract.Contract, new ArithService()));
    }

    [Fact]
    public async Task Call_to_a_service_nobody_serves_answers_method_not_found()
    {
        IRpcClient client = await StartClientAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }));

        Assert.Equal(RpcErrorCodes.MethodNotFound, error.Code);
        Assert.Equal("arith.add", error.Data!.Value.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Stopped_server_releases_its_services_on_the_bus()
    {
        IRpcServer server = await StartServerAsync();
        Assert.Contains("arith", _bus.Services);

        await server.StopAsync();

        Assert.DoesNotContain("arith", _bus.Services);
        await using var replacement = new MemoryRpcServer(_bus);
        replacement.RegisterService(ArithContract.Contract, new ArithService());
        await replacement.StartAsync();
    }
}
