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

/// <summary>Date-times as <c>z.string().datetime()</c>, <c>.datetime({ offset: true })</c> and <c>.datetime({ precision: 3 })</c>.</summary>
public sealed record Meeting
{
    public required DateTimeOffset At { get; init; }

    [ClamatorDateTime(Offset = true)]
    public DateTimeOffset? Shifted { get; init; }

    [ClamatorDateTime(Precision = 3)]
    public DateTimeOffset? Stamp { get; init; }
}

public sealed record LooseMeeting(string At);

[ClamatorContract("parity")]
public partial interface IParityService
{
    Task<Tagged> EchoAsync(Tagged p, CancellationToken cancellationToken = default);

    Task<Meeting> MeetAsync(Meeting p, CancellationToken cancellationToken = default);
}

[ClamatorContract("parity")]
public partial interface ILooseParityService
{
    [ClamatorMethod("echo")]
    Task<LooseTagged> EchoAsync(LooseTagged p, CancellationToken cancellationToken = default);

    [ClamatorMethod("meet")]
    Task<LooseMeeting> MeetAsync(LooseMeeting p, CancellationToken cancellationToken = default);
}

/// <summary>
/// Validation parity with Zod 3 at the edges where validation happens, over the memory transport: the server reading
/// params (a TypeScript client's call), the client writing params, the server writing its result and the client reading it.
/// Each case is what <c>zod@3.25.76</c> answers for the same JSON (docs/validation.md, "Parity with Zod").
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
        await CallOkAsync("""{"tags":[],"loose":["a",null]}""");

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

        Assert.Equal("Result validation failed", error.Message);
        AssertIssue(error, RpcErrorCodes.InternalError, """["tags",1]""", "Expected string, received null");
    }

    [Fact]
    public async Task A_result_with_a_null_element_deep_inside_is_not_sent_and_names_its_path()
    {
        _service.Reply = new Tagged { Tags = [], Holder = new Holder(["a", "b", null!]) };

        var error = await Assert.ThrowsAsync<RpcException>(() => new ParityClient(_strict).EchoAsync(new Tagged { Tags = [] }));

        AssertIssue(error, RpcErrorCodes.InternalError, """["holder","names",2]""", "Expected string, received null");
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

    [Theory]
    [InlineData("""{"at":"2026-01-01T10:00:00+02:00"}""", "at")]
    [InlineData("""{"at":"2026-01-01"}""", "at")]
    [InlineData("""{"at":"2026-01-01T10:00:00"}""", "at")]
    [InlineData("""{"at":"2026-02-29T10:00:00Z"}""", "at")]
    [InlineData("""{"at":"2026-01-01T10:00:00Z","shifted":"2026-01-01T10:00:00+02"}""", "shifted")]
    [InlineData("""{"at":"2026-01-01T10:00:00Z","stamp":"2026-01-01T10:00:00.1Z"}""", "stamp")]
    public async Task Date_time_with_an_offset_or_date_only_is_rejected_like_zod(string parameters, string path)
    {
        var error = await CallRawAsync(parameters, "parity.meet");

        AssertIssue(error, RpcErrorCodes.InvalidParams, $"[\"{path}\"]", "Invalid datetime");
    }

    [Fact]
    public async Task Date_time_without_seconds_or_with_any_fraction_and_zod_options_are_accepted_like_zod()
    {
        JsonElement result = await CallOkAsync(
            """{"at":"2026-01-01T10:00Z","shifted":"2026-01-01T12:00:00.123456789+02:00","stamp":"2026-01-01T10:00:00.120Z"}""", "parity.meet");

        Assert.Equal("2026-01-01T10:00:00Z", result.GetProperty("at").GetString());
        Assert.Equal("2026-01-01T10:00:00.1234567Z", result.GetProperty("shifted").GetString());
        Assert.Equal("2026-01-01T10:00:00.120Z", result.GetProperty("stamp").GetString());
    }

    [Fact]
    public async Task A_date_time_with_an_offset_is_refused_in_a_reply()
    {
        // The loose server answers at as a plain string; this client reads it as z.string().datetime().
        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(
            () => new ParityClient(_toLoose).MeetAsync(new Meeting { At = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)) }));

        Assert.Equal(("at", "Invalid datetime"), (Assert.Single(error.Validation!.Issues).PathText, error.Validation.Issues[0].Message));
    }

    private async Task<RpcException> CallRawAsync(string parameters, string method = "parity.echo")
    {
        using JsonDocument document = JsonDocument.Parse(parameters);
        return await Assert.ThrowsAsync<RpcException>(() => _strict.CallAsync(method, document.RootElement));
    }

    private async Task<JsonElement> CallOkAsync(string parameters, string method = "parity.echo")
    {
        using JsonDocument document = JsonDocument.Parse(parameters);
        return await _strict.CallAsync(method, document.RootElement);
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

        public Task<Meeting> MeetAsync(Meeting p, CancellationToken cancellationToken = default) => Task.FromResult(p);
    }

    private sealed class LooseParityService : ILooseParityService
    {
        public Task<LooseTagged> EchoAsync(LooseTagged p, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LooseTagged { Tags = [.. p.Tags, null] });

        public Task<LooseMeeting> MeetAsync(LooseMeeting p, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LooseMeeting("2026-01-01T12:00:00+02:00"));
    }
}
