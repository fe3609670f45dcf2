// The Clamator demo: an arith server and a client in one process.
//   dotnet run --project samples/Arith.Demo                          in memory, no Redis needed
//   dotnet run --project samples/Arith.Demo -- --redis redis://host   over Redis Streams
//   dotnet run --project samples/Arith.Demo -- --help                 the options
using System.CommandLine;
using Arith;
using Clamator;
using Clamator.OverMemory;
using Clamator.OverRedis;

Option<string> redis = Cli.RedisOption("Run over Redis Streams at this URL (redis://[user:password@]host[:port][/db] or rediss://...); in memory when omitted");
Option<bool> verbose = Cli.VerboseOption();
var root = new RootCommand("The Clamator demo: an arith server and a client in one process, calling it through the generated typed clients.")
{
    redis,
    verbose,
};
root.SetAction(async parsed =>
{
    string? redisUrl = parsed.GetValue(redis);
    try
    {
        await RunAsync(redisUrl);
        return Cli.Success;
    }
    catch (Exception ex)
    {
        return Cli.Fail(ex, redisUrl, parsed.GetValue(verbose));
    }
});
return await Cli.InvokeAsync(root, args);

static async Task RunAsync(string? redisUrl)
{
    IRpcServer server;
    IRpcClient client;
    string? prefix = null;
    if (redisUrl is null)
    {
        var bus = new MemoryBus();
        server = new MemoryRpcServer(bus);
        client = new MemoryRpcClient(bus);
        Console.WriteLine("transport: in-memory");
    }
    else
    {
        prefix = "demo-" + Guid.NewGuid().ToString("N")[..8];
        server = new RedisRpcServer(new RedisRpcServerOptions { Url = redisUrl, KeyPrefix = prefix, ShutdownGrace = TimeSpan.FromSeconds(1) });
        client = new RedisRpcClient(new RedisRpcClientOptions { Url = redisUrl, KeyPrefix = prefix });
        Console.WriteLine($"transport: Redis Streams at {DemoKeys.Endpoint(redisUrl)}, keys {prefix}:*");
    }

    bool started = false;
    try
    {
        await using (server)
        await using (client)
        {
            server.RegisterService(ArithContract.Contract, new ArithService());
            server.RegisterService(KitchenContract.Contract, new KitchenService());
            await server.StartAsync();
            started = true;
            await client.StartAsync();
            await Demo.RunAsync(client);
        }
    }
    finally
    {
        // The run's prefix is its own: every key under it was made by this run, and none is left behind. (A server that
        // could not start, because Redis cannot be reached, made none to remove.)
        if (prefix is not null && started)
        {
            long deleted = await DemoKeys.DeleteAsync(redisUrl!, prefix);
            Console.WriteLine($"removed {deleted} key(s) under {prefix}:*");
        }
    }
}
