using System.Text.Json;
using Clamator.OverMemory;
using Xunit;

namespace Clamator.Tests;

/// <summary>Base of the tests that serve one contract on a fresh memory bus and call it through <see cref="Client"/>.</summary>
public abstract class ServedContractTests : IAsyncLifetime
{
    private readonly MemoryBus _bus = new();
    private MemoryRpcServer _server = null!;

    /// <summary>A started client on the bus.</summary>
    protected MemoryRpcClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = new MemoryRpcServer(_bus);
        Register(_server);
        await _server.StartAsync();
        Client = new MemoryRpcClient(_bus);
        await Client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>The paths of the issues in an error's validation object, as <c>items[1].qty</c>.</summary>
    protected static IEnumerable<string> IssuePaths(RpcException error) =>
        error.Data!.Value.GetProperty("errors").EnumerateArray().Select(issue => string.Concat(issue.GetProperty("path").EnumerateArray().Select(
            (segment, i) => segment.ValueKind == JsonValueKind.Number ? $"[{segment.GetInt32()}]" : (i == 0 ? "" : ".") + segment.GetString())));

    /// <summary>The issues of an error's validation object: each path as <see cref="IssuePaths"/> writes it, and its message.</summary>
    protected static IEnumerable<(string Path, string Message)> Issues(RpcException error) =>
        IssuePaths(error).Zip(error.Data!.Value.GetProperty("errors").EnumerateArray().Select(issue => issue.GetProperty("message").GetString()!));

    /// <summary>Registers the contract under test.</summary>
    protected abstract void Register(MemoryRpcServer server);
}
