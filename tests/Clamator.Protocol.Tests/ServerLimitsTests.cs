using System.Text;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>The server core's <see cref="RpcServerLimits"/>: handler slots per service and the envelope size.</summary>
public sealed class ServerLimitsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private static readonly byte[] Add = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"r1"}""");

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Limits_out_of_range_are_refused_when_the_core_is_created(int maxConcurrency, int maxEnvelopeBytes)
    {
        var limits = new RpcServerLimits { MaxConcurrency = maxConcurrency, MaxEnvelopeBytes = maxEnvelopeBytes };

        Assert.Throws<ArgumentOutOfRangeException>(() => new RpcServerCore(new CapturingServerTransport(), limits: limits));
    }

    [Fact]
    public async Task A_slot_not_taken_for_the_service_is_refused_and_a_taken_one_runs_the_request_and_is_freed()
    {
        await using RpcServerCore core = await StartedAsync(new RpcServerLimits { MaxConcurrency = 1 });

        await Assert.ThrowsAsync<ArgumentException>(() => core.DispatchAsync(new IncomingRequest("arith", Add), DispatchSlot.Unlimited, default));

        DispatchSlot slot = await core.AcquireSlotAsync("arith", default);
        DispatchResult result = await core.DispatchAsync(new IncomingRequest("arith", Add), slot, default);
        Assert.Equal(DispatchStatus.Completed, result.Status);
        await Assert.ThrowsAsync<ArgumentException>(() => core.DispatchAsync(new IncomingRequest("arith", Add), slot, default)); // used already

        // The one slot is free again.
        using DispatchSlot again = await core.AcquireSlotAsync("arith", default).AsTask().WaitAsync(Guard);
    }

    [Fact]
    public async Task A_waiter_for_a_slot_gets_none_once_the_server_stops_so_its_transport_can_hand_the_request_back()
    {
        RpcServerCore core = await StartedAsync(new RpcServerLimits { MaxConcurrency = 1 });
        DispatchSlot held = await core.AcquireSlotAsync("arith", default);
        Task<DispatchSlot> waiting = core.AcquireSlotAsync("arith", default).AsTask();
        Task<DispatchResult> queued = core.DispatchAsync(new IncomingRequest("arith", Add), default);

        Task stopping = core.StopAsync();
        held.Dispose();

        await Assert.ThrowsAsync<OperationCanceledException>(() => waiting.WaitAsync(Guard));
        Assert.Equal(DispatchStatus.NotTaken, (await queued.WaitAsync(Guard)).Status);
        await Assert.ThrowsAsync<OperationCanceledException>(() => core.AcquireSlotAsync("arith", default).AsTask());
        await stopping.WaitAsync(Guard);
        await core.DisposeAsync();
    }

    private static async Task<RpcServerCore> StartedAsync(RpcServerLimits limits)
    {
        var core = new RpcServerCore(new CapturingServerTransport(), limits: limits);
        core.RegisterService(ArithContract.Contract, new ArithService());
        await core.StartAsync();
        return core;
    }
}
