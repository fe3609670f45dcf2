using Arith;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>A call its caller gave up on before its request went out sends nothing.</summary>
[Collection(RedisCollection.Name)]
public sealed class AbandonedCallTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly TestHosts _hosts = new(redis.Url, "ab");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task A_call_given_up_after_the_core_took_it_but_before_its_request_is_sent_adds_nothing_to_the_stream()
    {
        using var giveUp = new CancellationTokenSource();
        RedisRpcClient client = _hosts.Own(new RedisRpcClient(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = _hosts.Prefix }));
        client.AddInterceptor(new GiveUpBeforeSending(giveUp));
        await client.StartAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, cancellationToken: giveUp.Token));

        Assert.Equal(0, client.PendingCalls);
        Assert.False(await redis.Db.KeyExistsAsync($"{_hosts.Prefix}:cmds:arith"));
    }

    /// <summary>Cancels the caller's token, then lets the call go on to the transport.</summary>
    private sealed class GiveUpBeforeSending(CancellationTokenSource caller) : IRpcInterceptor
    {
        public ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next)
        {
            caller.Cancel();
            return next(context);
        }
    }
}
