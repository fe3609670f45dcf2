// The Clamator demo: an arith server and a client, in one process. In memory by default.
using Arith;
using Clamator;
using Clamator.OverMemory;

var bus = new MemoryBus();
await using var server = new MemoryRpcServer(bus);
server.RegisterService(ArithContract.Contract, new ArithService());
await server.StartAsync();

await using var client = new MemoryRpcClient(bus);
await client.StartAsync();

Console.WriteLine("transport: in-memory");
await Demo.RunAsync(client);
