// The Clamator demo: an arith server and a client in one process.
//   dotnet run --project samples/Arith.Demo                          in memory, no Redis needed
//   dotnet run --project samples/Arith.Demo -- --redis redis://host   over Redis Streams
using Arith;
using Clamator;
using Clamator.OverMemory;
using Clamator.OverRedis;

string? redisUrl = args.Length == 2 && args[0] == "--redis" ? args[1]
    : args.Length == 0 ? null
    : throw new ArgumentException("usage: Arith.Demo [--redis <url>]");

IRpcServer server;
IRpcClient client;
if (redisUrl is null)
{
    var bus = new MemoryBus();
    server = new MemoryRpcServer(bus);
    client = new MemoryRpcClient(bus);
    Console.WriteLine("transport: in-memory");
}
else
{
    string prefix = "demo-" + Guid.NewGuid().ToString("N")[..8];
    server = new RedisRpcServer(new RedisRpcServerOptions { Url = redisUrl, KeyPrefix = prefix, ShutdownGrace = TimeSpan.FromSeconds(1) });
    client = new RedisRpcClient(new RedisRpcClientOptions { Url = redisUrl, KeyPrefix = prefix });
    Console.WriteLine($"transport: Redis Streams at {redisUrl}, keys {prefix}:*");
}

await using (server)
await using (client)
{
    server.RegisterService(ArithContract.Contract, new ArithService());
    server.RegisterService(KitchenContract.Contract, new KitchenService());
    await server.StartAsync();
    await client.StartAsync();
    await Demo.RunAsync(client);
}
