using System.Text.Json;
using System.Text.Json.Nodes;
using Arith;
using Clamator.OverMemory;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The generated <c>kitchen</c> contract (every Zod construct of the vector contracts) end to end: every field
/// round-trips, absent and null are told apart as docs/protocol.md §10.3 says, and every constraint answers -32602 with its path.
/// </summary>
public sealed class KitchenContractTests : ServedContractTests
{
    private const string Everything = """
        {"id":"0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10","count":7,"ratio":0.25,"label":"lamp","note":null,"maybe":true,
         "color":"green","kind":"widget","tags":["a","b"],"scores":{"x":1.5,"y":-2},"when":"2026-11-24T10:00:00.5Z",
         "nested":{"x":3,"y":4},"items":[{"sku":"s1","qty":2}],"either":"text"}
        """;

    private readonly KitchenService _service = new();

    protected override void Register(MemoryRpcServer server) => server.RegisterService(KitchenContract.Contract, _service);

    [Fact]
    public async Task Every_field_arrives_typed()
    {
        await CallEverythingAsync(Everything);

        EverythingParams p = _service.Last!;
        Assert.Equal("0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10", p.Id);
        Assert.Equal(7, p.Count);
        Assert.Equal(0.25, p.Ratio);
        Assert.Equal("lamp", p.Label);
        Assert.Null(p.Note);
        Assert.True(p.Maybe);
        Assert.Equal(EverythingParamsColor.Green, p.Color);
        Assert.Equal("widget", p.Kind);
        Assert.Equal(["a", "b"], p.Tags);
        Assert.Equal(-2, p.Scores["y"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, 500, TimeSpan.Zero), p.When);
        Assert.Equal(3, p.Nested.X);
        Assert.Equal(4, p.Nested.Y);
        Assert.Equal("s1", Assert.Single(p.Items).Sku);
        Assert.Equal("text", p.Either.GetString());
    }

    [Fact]
    public async Task Every_field_round_trips_to_the_same_json()
    {
        await CallEverythingAsync(Everything);

        string back = JsonSerializer.Serialize(_service.Last!, KitchenContract.JsonOptions.GetTypeInfo(typeof(EverythingParams)));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Everything), JsonNode.Parse(back)), back);
    }

    [Fact]
    public async Task Absent_optionals_stay_absent_and_required_nulls_stay_null()
    {
        string minimal = """
            {"id":"0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10","count":1,"ratio":1,"note":null,"color":"red","kind":"widget",
             "tags":[],"scores":{},"when":"2026-11-24T10:00:00Z","nested":{"x":1},"items":[],"either":2}
            """;

        await CallEverythingAsync(minimal);

        EverythingParams p = _service.Last!;
        Assert.Null(p.Label);
        Assert.Null(p.Maybe);
        Assert.Equal(0, p.Nested.Y);
        string back = JsonSerializer.Serialize(p, KitchenContract.JsonOptions.GetTypeInfo(typeof(EverythingParams)));
        JsonObject json = JsonNode.Parse(back)!.AsObject();
        Assert.False(json.ContainsKey("label"));
        Assert.False(json.ContainsKey("maybe"));
        Assert.True(json.ContainsKey("note"));
        Assert.Null(json["note"]);
        Assert.Equal(0, json["nested"]!["y"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("label", "null")]
    [InlineData("maybe", "null")]
    [InlineData("count", "7.0")]
    [InlineData("when", "\"2026-11-24T10:00Z\"")]
    [InlineData("when", "\"2026-11-24T10:00:00.123456789Z\"")]
    public async Task Null_optionals_and_integral_floats_are_accepted(string field, string value)
    {
        await CallEverythingAsync(With(field, value));

        Assert.NotNull(_service.Last);
    }

    [Theory]
    [InlineData("count", "0", "count")]
    [InlineData("count", "101", "count")]
    [InlineData("count", "1.5", "count")]
    [InlineData("label", "\"\"", "label")]
    [InlineData("id", "\"not-a-uuid\"", "id")]
    [InlineData("kind", "\"gadget\"", "kind")]
    [InlineData("color", "\"pink\"", "color")]
    [InlineData("note", null, "note")]
    [InlineData("tags", "[1]", "tags[0]")]
    [InlineData("scores", "{\"x\":\"high\"}", "scores.x")]
    [InlineData("when", "\"yesterday\"", "when")]
    [InlineData("nested", "{\"y\":1}", "nested.x")]
    [InlineData("items", "[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"b\",\"qty\":0}]", "items[1].qty")]
    [InlineData(
        "items",
        "[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},"
        + "{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},"
        + "{\"sku\":\"a\",\"qty\":1}]",
        "items")]
    [InlineData("either", "true", "either")]
    public async Task Constraint_violations_answer_invalid_params_with_their_path(string field, string? value, string path)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallEverythingAsync(With(field, value)));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Contains(path, IssuePaths(error));
        Assert.Null(_service.Last);
    }

    /// <summary>z.number().int() accepts any integral JS number (Number.isInteger), and JS numbers are doubles.</summary>
    [Theory]
    [InlineData("1e20", 1e20)]
    [InlineData("-0", 0)]
    [InlineData("9007199254740993", 9007199254740992)]
    [InlineData("4.0", 4)]
    public async Task Int_accepts_any_integral_double_like_zod(string x, double expected)
    {
        await CallEverythingAsync(With("nested", $$"""{"x":{{x}}}"""));

        Assert.Equal(expected, _service.Last!.Nested.X);
    }

    [Fact]
    public async Task Int_rejects_a_fraction_like_zod()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallEverythingAsync(With("nested", """{"x":2.5}""")));

        Assert.Equal(("nested.x", "Expected integer, received float"), Assert.Single(Issues(error)));
    }

    [Fact]
    public async Task A_client_refuses_to_send_a_fraction_for_an_int()
    {
        EverythingParams p = JsonSerializer.Deserialize(Everything, KitchenContract.Everything.Params)! with { Count = 5.5 };

        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => new KitchenClient(Client).EverythingAsync(p));

        ValidationIssue issue = Assert.Single(error.Validation!.Issues);
        Assert.Equal(("count", "Expected integer, received float"), (issue.PathText, issue.Message));
        Assert.Null(_service.Last);
    }

    /// <summary>z.number().int() is a double now, so it is read and written by the finite-number converter too.</summary>
    [Theory]
    [InlineData("count", "1e999", "count")]
    [InlineData("nested", """{"x":-1e999}""", "nested.x")]
    [InlineData("items", """[{"sku":"s1","qty":1e999}]""", "items[0].qty")]
    public async Task Int_given_a_number_beyond_a_double_is_refused_not_read_as_infinity(string field, string value, string path)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallEverythingAsync(With(field, value)));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Equal((path, "Expected a finite number, received one out of range"), Assert.Single(Issues(error)));
        Assert.Null(_service.Last);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public async Task An_int_that_is_not_finite_is_never_written(double x)
    {
        EverythingParams p = JsonSerializer.Deserialize(Everything, KitchenContract.Everything.Params)!;
        p = p with { Nested = p.Nested with { X = x } };

        // The client's checks refuse it before writing (not an integer) ...
        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => new KitchenClient(Client).EverythingAsync(p));
        Assert.Equal(("nested.x", "Expected integer, received float"), (error.Validation!.Issues[0].PathText, error.Validation.Issues[0].Message));
        Assert.Null(_service.Last);

        // ... and the metadata would not write it either.
        var write = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(p, KitchenContract.Everything.Params));
        Assert.StartsWith("Expected a finite number, received ", write.Message, StringComparison.Ordinal);
    }

    /// <summary>What zod@3.25.76 answers for the same params of <c>kitchen.everything</c> (path and message of its one issue).</summary>
    [Theory]
    [InlineData("tags", "null", "tags", "Expected array, received null")]
    [InlineData("tags", "\"x\"", "tags", "Expected array, received string")]
    [InlineData("tags", "[1]", "tags[0]", "Expected string, received number")]
    [InlineData("tags", "[\"a\",null]", "tags[1]", "Expected string, received null")]
    [InlineData("items", "[{\"sku\":\"s1\",\"qty\":2},null]", "items[1]", "Expected object, received null")]
    [InlineData("scores", "{\"x\":null}", "scores.x", "Expected number, received null")]
    [InlineData("scores", "{\"x\":\"s\"}", "scores.x", "Expected number, received string")]
    [InlineData("nested", "null", "nested", "Expected object, received null")]
    [InlineData("nested", "\"x\"", "nested", "Expected object, received string")]
    [InlineData("id", "null", "id", "Expected string, received null")]
    [InlineData("id", "5", "id", "Expected string, received number")]
    [InlineData("ratio", "\"5\"", "ratio", "Expected number, received string")]
    [InlineData("ratio", "null", "ratio", "Expected number, received null")]
    [InlineData("ratio", "true", "ratio", "Expected number, received boolean")]
    [InlineData("count", "\"5\"", "count", "Expected number, received string")]
    [InlineData("count", "null", "count", "Expected number, received null")]
    [InlineData("count", "5.5", "count", "Expected integer, received float")]
    [InlineData("maybe", "\"true\"", "maybe", "Expected boolean, received string")]
    [InlineData("maybe", "1", "maybe", "Expected boolean, received number")]
    [InlineData("color", "\"pink\"", "color", "Invalid enum value. Expected 'red' | 'green' | 'blue', received 'pink'")]
    [InlineData("color", "null", "color", "Expected 'red' | 'green' | 'blue', received null")]
    [InlineData("color", "1", "color", "Expected 'red' | 'green' | 'blue', received number")]
    [InlineData("id", "\" 0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10 \"", "id", "Invalid uuid")]
    [InlineData("id", "\"{0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10}\"", "id", "Invalid uuid")]
    [InlineData("kind", "\"gadget\"", "kind", "Invalid literal value, expected \"widget\"")]
    [InlineData("label", "\"\"", "label", "String must contain at least 1 character(s)")]
    [InlineData(
        "items",
        "[{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},"
        + "{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},{\"sku\":\"a\",\"qty\":1},"
        + "{\"sku\":\"a\",\"qty\":1}]",
        "items",
        "Array must contain at most 10 element(s)")]
    [InlineData("either", "true", "either", "Invalid input")]
    [InlineData("when", "5", "when", "Expected string, received number")]
    [InlineData("when", "\"2026-11-24T10:00:00+02:00\"", "when", "Invalid datetime")]
    [InlineData("when", "\"2026-11-24\"", "when", "Invalid datetime")]
    [InlineData("when", "\"2026-11-24T10:00:00\"", "when", "Invalid datetime")]
    public async Task Read_errors_carry_zods_message_at_zods_path(string field, string value, string path, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallEverythingAsync(With(field, value)));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Equal((path, message), Assert.Single(Issues(error)));
    }

    [Theory]
    [InlineData("""{"s":{"type":"triangle","r":2}}""")]
    [InlineData("""{"s":{"r":2}}""")]
    public async Task An_unknown_or_missing_discriminator_reads_like_zod(string parameters)
    {
        using JsonDocument document = JsonDocument.Parse(parameters);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CallAsync("kitchen.shape", document.RootElement));

        Assert.Equal(("s.type", "Invalid discriminator value. Expected 'circle' | 'rect'"), Assert.Single(Issues(error)));
    }

    [Theory]
    [InlineData("""{"s":{"type":"circle","r":2}}""", 12.566)]
    [InlineData("""{"s":{"w":2,"type":"rect","h":3}}""", 6)]
    public async Task Discriminated_union_reads_each_case(string parameters, double area)
    {
        var kitchen = new KitchenClient(Client);
        using JsonDocument document = JsonDocument.Parse(parameters);

        JsonElement result = await Client.CallAsync("kitchen.shape", document.RootElement);
        ShapeResult typed = await kitchen.ShapeAsync(JsonSerializer.Deserialize(parameters, KitchenContract.Shape.Params)!);

        Assert.Equal(area, result.GetProperty("area").GetDouble(), 3);
        Assert.Equal(area, typed.Area, 3);
    }

    [Theory]
    [InlineData("""{"s":{"type":"triangle","r":2}}""")]
    [InlineData("""{"s":{"r":2}}""")]
    [InlineData("""{"s":{"type":"rect","w":2}}""")]
    public async Task Unknown_or_missing_union_cases_answer_invalid_params(string parameters)
    {
        using JsonDocument document = JsonDocument.Parse(parameters);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CallAsync("kitchen.shape", document.RootElement));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
    }

    [Fact]
    public void Union_cases_are_written_with_their_discriminator_first()
    {
        var p = new ShapeParams { S = new ShapeParamsSRect { W = 2, H = 3 } };

        Assert.Equal("""{"s":{"type":"rect","w":2,"h":3}}""", JsonSerializer.Serialize(p, KitchenContract.Shape.Params));
    }

    [Fact]
    public async Task A_result_breaking_its_literal_is_an_internal_error_with_its_path()
    {
        _service.Ok = false;
        var kitchen = new KitchenClient(Client);
        EverythingParams p = JsonSerializer.Deserialize(Everything, KitchenContract.Everything.Params)!;

        var error = await Assert.ThrowsAsync<RpcException>(() => kitchen.EverythingAsync(p));

        Assert.Equal(RpcErrorCodes.InternalError, error.Code);
        Assert.Equal("ok", Assert.Single(IssuePaths(error)));
    }

    [Fact]
    public async Task Empty_notification_params_reach_the_handler()
    {
        var kitchen = new KitchenClient(Client);

        await kitchen.ResetAsync(new ResetParams());

        await _service.Reset.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task CallEverythingAsync(string parameters)
    {
        using JsonDocument document = JsonDocument.Parse(parameters);
        JsonElement result = await Client.CallAsync("kitchen.everything", document.RootElement);
        Assert.True(result.GetProperty("ok").GetBoolean());
    }

    /// <summary><see cref="Everything"/> with <paramref name="field"/> set to <paramref name="value"/> (removed when null).</summary>
    private static string With(string field, string? value)
    {
        JsonObject json = JsonNode.Parse(Everything)!.AsObject();
        json.Remove(field);
        if (value is not null)
        {
            json[field] = JsonNode.Parse(value);
        }

        return json.ToJsonString();
    }


    /// <summary>The sample handlers, recording the last params and able to answer a result that breaks its literal.</summary>
    private sealed class KitchenService : IKitchenService
    {
        private readonly Arith.KitchenService _inner = new();

        public KitchenService() => _inner.ResetRequested += () => Reset.TrySetResult();

        public EverythingParams? Last { get; private set; }

        public bool Ok { get; set; } = true;

        public TaskCompletionSource Reset { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<EverythingResult> EverythingAsync(EverythingParams p, CancellationToken cancellationToken = default)
        {
            Last = p;
            return await _inner.EverythingAsync(p, cancellationToken) with { Ok = Ok };
        }

        public Task<ShapeResult> ShapeAsync(ShapeParams p, CancellationToken cancellationToken = default) => _inner.ShapeAsync(p, cancellationToken);

        public Task ResetAsync(ResetParams p, CancellationToken cancellationToken = default) => _inner.ResetAsync(p, cancellationToken);
    }
}
