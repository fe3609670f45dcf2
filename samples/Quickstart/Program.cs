using Clamator;
using Clamator.OverMemory;

// Serve and call `greeter.greet`; swap MemoryRpcServer/MemoryRpcClient for RedisRpcServer/RedisRpcClient to cross processes.
var bus = new MemoryBus();
await using var server = new MemoryRpcServer(bus);
server.RegisterService(GreeterContract.Contract, new Greeter());   // GreeterContract: generated from IGreeterService
await server.StartAsync();

await using var client = new MemoryRpcClient(bus);
await client.StartAsync();
var greeter = new GreeterClient(client);                             // GreeterClient: generated, implements IGreeterService
GreetResult reply = await greeter.GreetAsync(new GreetParams("Ada"));
Console.WriteLine(reply.Greeting); // Hello, Ada

// The contract, C#-first: the Clamator source generator emits the client, the dispatch and the JSON metadata.
public sealed record GreetParams(string Name);

public sealed record GreetResult(string Greeting);

[ClamatorContract("greeter")]
public partial interface IGreeterService
{
    Task<GreetResult> GreetAsync(GreetParams p, CancellationToken cancellationToken = default);   // wire name "greet"
}

public sealed class Greeter : IGreeterService
{
    public Task<GreetResult> GreetAsync(GreetParams p, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GreetResult($"Hello, {p.Name}"));
}
