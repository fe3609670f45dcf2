using System.Text.Json;
using System.Text.Json.Nodes;
using Clamator.OverMemory;
using Xunit;

namespace Clamator.Tests.Parity;

public sealed record Point(double X, double Y);

public sealed record Holder(IReadOnlyList<string> Names);

/// <summary>Lists and dictionaries of non-nullable items (C#-first, as Zod's <c>z.array(z.string())</c> and <c>z.record(point)</c>).</summary>
public sealed record Tagged
{
    public required IReadOnlyList<string> Tags { get; init; }

    public IReadOnlyList<string?>? Loose { get; init; }

    public IReadOnlyList<IReadOnlyList<string>>? Grid { get; init; }

    public IReadOnlyDictionary<string, Point>? Points { get; init; }

    public IReadOnlyList<Point>? Path { get; init; }

    public Holder? Holder { get; init; }
}

/// <summary><see cref="Tagged"/> as a peer that allows null items sees it: serves or answers what <see cref="Tagged"/> refuses.</summary>
public sealed record LooseTagged
{
    public required IReadOnlyList<string?> Tags { get; init; }
}

[ClamatorContract("parity")]
public partial interface IParityService
{
    Task<Tagged> EchoAsync(Tagged p, CancellationToken cancellationToken = default);
}

[ClamatorContract("parity")]
public partial interface ILooseParityService
{
    [ClamatorMethod("echo")]
    Task<LooseTagged> EchoAsync(LooseTagged p, CancellationToken cancellationToken = default);
}

/// <summary>
/// Validation parity with Zod 3 at the edges where validation happens, over the memory transport: the server reading
/// params (a TypeScript client's call), the client writing params, the server writing its result and the client reading it.
/// Each case is what <c>zod@3.25.76</c> answers for the same JSON (README, "Validation parity with Zod").
/// </summary>
public sealed class ZodParityTests : IAsyncLifetime
{
    private const string Valid = """{"tags":["a","b"]}""";

    private readonly MemoryBus _strictBus = new();
    private readonly MemoryBus _looseBus = new();
    private readonly ParityService _service = new();
    private MemoryRpcServer _strictServer = null!;
    private MemoryRpcServer _looseServer = null!;
    private MemoryRpcClient _strict = null!;
    private MemoryRpcClient _toLoose = null!;

    public async Task InitializeAsync()
    {
        _strictServer = new MemoryRpcServer(_strictBus);
        _strictServer.RegisterService(ParityContract.Contract, _service);
        await _strictServer.StartAsync();
        _looseServer = new MemoryRpcServer(_looseBus);
        _looseServer.RegisterService(LooseParityContract.Contract, new LooseParityService());
        await _looseServer.StartAsync();
        _strict = new MemoryRpcClient(_strictBus);
        await _strict.StartAsync();
        _toLoose = new MemoryRpcClient(_looseBus);
        await _toLoose.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _strict.DisposeAsync();
        await _toLoose.DisposeAsync();
        await _strictServer.DisposeAsync();
        await _looseServer.DisposeAsync();
    }

    [Fact]
    public async Task List_of_non_nullable_strings_rejects_a_null_element_like_zod()
    {
        var error = await CallRawAsync("""{"tags":["a",null]}""");

        AssertIssue(error, RpcErrorCodes.InvalidParams, """["tags",1]""", "Expected string, received null");
        Assert.Null(_service.Last);
    }

    [Theory]
    [InlineData("""{"tags":[],"grid":[["a"],null]}""", """["grid",1]""", "Expected array, received null")]
    [InlineData("""{"tags":[],"grid":[["a",null]]}""", """["grid",0,1]""", "Expected string, received null")]
    [InlineData("""{"tags":[],"points":{"home":null}}""", """["points","home"]""", "Expected object, received null")]
    [InlineData("""{"tags":[],"path":[{"x":1,"y":2},null]}""", """["path",1]""", "Expected object, received null")]
    [InlineData("""{"tags":[],"holder":{"names":[null]}}""", """["holder","names",0]""", "Expected string, received null")]
    public async Task Nested_lists_and_dictionaries_of_non_nullable_items_reject_a_null_like_zod(string parameters, string path, string message)
    {
        var error = await CallRawAsync(parameters);

        AssertIssue(error, RpcErrorCodes.InvalidParams, path, message);
    }

    [Fact]
    public async Task List_of_nullable_strings_accepts_a_null_element_like_zod()
    {
        await CallRawAsync("""{"tags":[],"loose":["a",null]}""", expectError: false);

        Assert.Equal(["a", null], _service.Last!.Loose!);
    }

    [Fact]
    public async Task A_client_refuses_to_send_a_null_element_of_a_non_nullable_list()
    {
        var parity = new ParityClient(_strict);
        var p = new Tagged { Tags = [], Holder = new Holder(["a", null!]) };

        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => parity.EchoAsync(p));

        ValidationIssue issue = Assert.Single(error.Validation!.Issues);
        Assert.Equal("holder.names[1]", issue.PathText);
        Assert.Equal("Expected string, received null", issue.Message);
        Assert.Null(_service.Last);
    }

    [Fact]
    public async Task A_result_with_a_null_element_of_a_non_nullable_list_is_not_sent()
    {
        _service.Reply = new Tagged { Tags = ["a", null!] };

        var error = await Assert.ThrowsAsync<RpcException>(() => new ParityClient(_strict).EchoAsync(new Tagged { Tags = [] }));

        Assert.Equal(RpcErrorCodes.InternalError, error.Code);
        Assert.Equal("Result validation failed", error.Message);
        Assert.Contains("tags[1]: Expected string, received null", error.Data!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_with_a_null_element_of_a_non_nullable_list_is_refused()
    {
        // The loose server answers ["a", null]; this client reads it with the strict contract.
        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => new ParityClient(_toLoose).EchoAsync(new Tagged { Tags = ["a"] }));

        ValidationIssue issue = Assert.Single(error.Validation!.Issues);
        Assert.Equal("tags[1]", issue.PathText);
        Assert.Equal("Expected string, received null", issue.Message);
    }

    private async Task<RpcException> CallRawAsync(string parameters, bool expectError = true)
    {
        using JsonDocument document = JsonDocument.Parse(parameters);
        if (!expectError)
        {
            await _strict.CallAsync("parity.echo", document.RootElement);
            return null!;
        }

        return await Assert.ThrowsAsync<RpcException>(() => _strict.CallAsync("parity.echo", document.RootElement));
    }

    private static void AssertIssue(RpcException error, int code, string path, string message)
    {
        Assert.Equal(code, error.Code);
        JsonElement issue = Assert.Single(error.Data!.Value.GetProperty("errors").EnumerateArray());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(path), JsonNode.Parse(issue.GetProperty("path").GetRawText())), issue.GetRawText());
        Assert.Equal(message, issue.GetProperty("message").GetString());
    }

    private sealed class ParityService : IParityService
    {
        public Tagged? Last { get; private set; }

        public Tagged? Reply { get; set; }

        public Task<Tagged> EchoAsync(Tagged p, CancellationToken cancellationToken = default)
        {
            Last = p;
            return Task.FromResult(Reply ?? p);
        }
    }

    private sealed class LooseParityService : ILooseParityService
    {
        public Task<LooseTagged> EchoAsync(LooseTagged p, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LooseTagged { Tags = [.. p.Tags, null] });
    }
}
