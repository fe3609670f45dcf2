using StackExchange.Redis;

namespace Clamator.Tests;

/// <summary>
/// What an operator finds on a deployment that has seen trouble, made on purpose with raw commands before its server
/// starts: a request pending at a crashed consumer (<c>arith:crashed</c>, one delivery), a poison request already delivered
/// five times and now pending at the live server's consumer (which dead-letters it when it re-reads its own pending
/// entries at start: a sixth delivery, over the default MaxDeliveries), and a consumer that is gone with nothing pending
/// (<c>arith:gone</c>). Start the server with <see cref="LiveInstance"/> and a claim time longer than the test.
/// </summary>
public sealed record SeededDeployment(string Prefix, RedisValue HeldId, RedisValue PoisonId)
{
    public const string LiveInstance = "live";

    public const string HeldRequest = """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"held"}""";

    public const string PoisonRequest = """{"jsonrpc":"2.0","method":"arith.add","params":{"a":40,"b":2},"id":"poison"}""";

    public string CommandKey => $"{Prefix}:cmds:arith";

    public string DeadKey => $"{Prefix}:dead:arith";

    public static async Task<SeededDeployment> SeedAsync(RawPeer peer)
    {
        string key = $"{peer.Prefix}:cmds:arith";
        RedisValue held = await peer.AddRequestAsync("arith", HeldRequest);
        RedisValue poison = await peer.AddRequestAsync("arith", PoisonRequest);
        await peer.Db.StreamCreateConsumerGroupAsync(key, "arith", "0");
        await peer.Db.StreamReadGroupAsync(key, "arith", "arith:crashed", ">", 10);
        await peer.Db.ExecuteAsync("XCLAIM", key, "arith", $"arith:{LiveInstance}", 0, poison, "RETRYCOUNT", 5);
        await peer.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", key, "arith", "arith:gone");
        return new SeededDeployment(peer.Prefix, held, poison);
    }

    /// <summary>Waits until the live server has dead-lettered the poison request.</summary>
    public Task DeadLetteredAsync(IDatabase db, TimeSpan guard) =>
        Eventually.UntilAsync(
        async () => await db.StreamLengthAsync(DeadKey) == 1 && (await db.StreamPendingAsync(CommandKey, "arith")).PendingMessageCount == 1, guard);
}
