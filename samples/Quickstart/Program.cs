using System.Text.Json.Serialization;
using Clamator;
using Clamator.OverMemory;

// Serve and call `greeter.greet`; swap MemoryRpcServer/MemoryRpcClient for RedisRpcServer/RedisRpcClient to cross processes.
var bus = new MemoryBus();
await using var server = new MemoryRpcServer(bus);
server.RegisterService(GreeterContract.Contract, new Greeter());
await server.StartAsync();

await using var client = new MemoryRpcClient(bus);
await client.StartAsync();
GreetResult reply = await client.CallAsync(GreeterContract.Greet, new GreetParams("Ada"));
Console.WriteLine(reply.Greeting); // Hello, Ada

// The contract: wire names, source-generated JSON metadata, and the interface servers implement.
public sealed record GreetParams(string Name);

public sealed record GreetResult(string Greeting);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(GreetParams))]
[JsonSerializable(typeof(GreetResult))]
internal sealed partial class GreeterJson : JsonSerializerContext;

public interface IGreeter
{
    Task<GreetResult> GreetAsync(GreetParams p, CancellationToken cancellationToken);
}

public static class GreeterContract
{
    public static readonly RpcMethod<GreetParams, GreetResult> Greet =
        new("greeter", "greet", GreeterJson.Default.GreetParams, GreeterJson.Default.GreetResult);

    public static readonly Contract<IGreeter> Contract = Contract<IGreeter>.Create("greeter")
        .Method(Greet, static (s, p, ct) => s.GreetAsync(p, ct))
        .Build();
}

public sealed class Greeter : IGreeter
{
    public Task<GreetResult> GreetAsync(GreetParams p, CancellationToken cancellationToken) =>
        Task.FromResult(new GreetResult($"Hello, {p.Name}"));
}
