using System.Text.Json;
using System.Text.Json.Nodes;
using Clamator.OverMemory;
using Constructs;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The code clamator-codegen generates for Zod constructs beyond the vectors (the golden
/// Generated/OrderDesk.g.cs, pinned by Clamator.Codegen.Tests, compiled here with the source generator) at run time:
/// defaults, formats, patterns, multiples, literals, tuples, unions inside lists, records inside dictionaries.
/// </summary>
public sealed class OrderDeskContractTests : ServedContractTests
{
    private const string Valid = """
        {"email":"ada@example.com","code":"ABC-12","quantity":15,"answer":42,"flag":false,"modes":["a","b"],"pick":"two",
         "grid":[[1,2],[3]],"byName":{"home":{"x":1,"y":2}},"origin":null,"either":{"a":"x"},"bornOn":"2026-11-24T10:00:00Z",
         "pair":["p",1],"big":9007199254740993,"events":[{"kind":"click","at":{"x":1,"y":1}},{"kind":"key","code":"k"}],
         "price":{"amount":9.5,"currency":"EUR"},"checked":"yes","loose":{"id":"1","extra":true},
         "odd \"key\"":2,"tag":"{braced}","meetsAt":"2026-11-24T12:00:00+02:00"}
        """;

    private readonly Desk _desk = new();

    protected override void Register(MemoryRpcServer server) => server.RegisterService(OrderDeskContract.Contract, _desk);

    [Fact]
    public async Task Valid_params_arrive_with_defaults_for_absent_members()
    {
        await PlaceAsync(Valid);

        PlaceParams p = _desk.Last!;
        Assert.Equal("hello", p.Greeting);
        Assert.False(p.Urgent);
        Assert.Equal(PlaceParamsLevel.Low, p.Level);
        Assert.Null(p.Origin);
        Assert.Null(p.Target);
        Assert.Equal(PlaceParamsPick.Two, p.Pick);
        Assert.Equal(9007199254740993, p.Big);
        Assert.IsType<PlaceParamsEventKey>(p.Events[1]);
        Assert.Equal(2, p.ByName["home"].Y);
        Assert.Equal([3.0], p.Grid[1]);
    }

    [Theory]
    [InlineData("email", "\"not an email\"", "email")]
    [InlineData("code", "\"abc-1\"", "code")]
    [InlineData("quantity", "7", "quantity")]
    [InlineData("quantity", "1000", "quantity")]
    [InlineData("answer", "41", "answer")]
    [InlineData("flag", "true", "flag")]
    [InlineData("either", "\"text\"", "either")]
    [InlineData("pair", "[\"p\"]", "pair")]
    [InlineData("events", "[]", "events")]
    [InlineData("events", "[{\"kind\":\"key\",\"code\":\"ab\"}]", "events[0].code")]
    [InlineData("byName", "{\"home\":{\"x\":1}}", "byName.home.y")]
    [InlineData("price", "{\"amount\":-1,\"currency\":\"EUR\"}", "price.amount")]
    [InlineData("modes", "[\"c\"]", "modes[0]")]
    [InlineData("odd \"key\"", "0", "odd \"key\"")]
    [InlineData("tag", "\"braced\"", "tag")]
    [InlineData("meetsAt", "\"2026-11-24\"", "meetsAt")]
    [InlineData("email", "\"a@b\"", "email")]
    [InlineData("email", "\"Ada <ada@example.com>\"", "email")]
    [InlineData("code", "\"ABC-12\\n\"", "code")]
    [InlineData("day", "\"2026-02-30\"", "day")]
    [InlineData("opensAt", "\"10:00:00.5\"", "opensAt")]
    [InlineData("shout", "\"abc1\"", "shout")]
    [InlineData("stampedAt", "\"2026-11-24T10:00:00.5\"", "stampedAt")]
    public async Task Each_constraint_answers_invalid_params_at_its_path(string field, string value, string path)
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json[field] = JsonNode.Parse(value);

        var error = await Assert.ThrowsAsync<RpcException>(() => PlaceAsync(json.ToJsonString()));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Contains(path, IssuePaths(error));
        Assert.Null(_desk.Last);
    }

    /// <summary>Zod's wording for the same failures (zod@3.25.76).</summary>
    [Theory]
    [InlineData("pair", "[\"p\"]", "pair", "Array must contain at least 2 element(s)")]
    [InlineData("events", "[]", "events", "Array must contain at least 1 element(s)")]
    [InlineData("events", "[{\"kind\":\"key\",\"code\":\"ab\"}]", "events[0].code", "String must contain exactly 1 character(s)")]
    [InlineData("tag", "\"braced\"", "tag", "Invalid literal value, expected \"{braced}\"")]
    [InlineData("either", "\"text\"", "either", "Invalid input")]
    [InlineData("price", "{\"amount\":1,\"currency\":\"EU\"}", "price.currency", "String must contain exactly 3 character(s)")]
    public async Task Constraint_messages_read_like_zod(string field, string value, string path, string message)
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json[field] = JsonNode.Parse(value);

        var error = await Assert.ThrowsAsync<RpcException>(() => PlaceAsync(json.ToJsonString()));

        Assert.Equal((path, message), Assert.Single(Issues(error)));
    }

    [Theory]
    [InlineData("0.07", true)]
    [InlineData("19.99", true)]
    [InlineData("0.075", false)]
    [InlineData("0.30000000000000004", false)]
    public async Task Multiple_of_a_decimal_step_decides_like_zod(string tip, bool zodAccepts)
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json["tip"] = JsonNode.Parse(tip);

        if (zodAccepts)
        {
            await PlaceAsync(json.ToJsonString());
            return;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => PlaceAsync(json.ToJsonString()));
        Assert.Equal(("tip", "Number must be a multiple of 0.01"), Assert.Single(Issues(error)));
    }

    [Fact]
    public async Task A_strict_object_rejects_an_unknown_member_like_zod()
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json["box"] = JsonNode.Parse("""{"id":"1","extra":true}""");

        var error = await Assert.ThrowsAsync<RpcException>(() => PlaceAsync(json.ToJsonString()));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Equal(("box", "Unrecognized key(s) in object: 'extra'"), Assert.Single(Issues(error)));
    }

    [Fact]
    public async Task Unknown_members_of_other_objects_are_ignored_like_zod()
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json["extra"] = 1;
        json["box"] = JsonNode.Parse("""{"id":"1"}""");
        json["price"]!["extra"] = 2;

        await PlaceAsync(json.ToJsonString());

        Assert.Equal("1", _desk.Last!.Box!.Id);
    }

    [Theory]
    [InlineData("day", "\"2024-02-29\"")]
    [InlineData("opensAt", "\"10:00\"")]
    [InlineData("shout", "\"AbC\"")]
    public async Task String_formats_and_regex_flags_accept_what_zod_accepts(string field, string value)
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json[field] = JsonNode.Parse(value);

        await PlaceAsync(json.ToJsonString());

        Assert.NotNull(_desk.Last);
    }

    [Theory]
    [InlineData("meetsAt", "\"2026-11-24T10:00:00Z\"")]
    [InlineData("meetsAt", "\"2026-11-24T10:00:00-0530\"")]
    [InlineData("stampedAt", "\"2026-11-24T10:00:00.500\"")]
    [InlineData("stampedAt", "\"2026-11-24T10:00:00.500Z\"")]
    public async Task Date_time_options_of_the_zod_schema_are_honoured(string field, string value)
    {
        JsonObject json = JsonNode.Parse(Valid)!.AsObject();
        json[field] = JsonNode.Parse(value);

        await PlaceAsync(json.ToJsonString());

        Assert.NotNull(_desk.Last);
    }

    [Fact]
    public async Task A_date_time_offset_arrives_as_its_instant()
    {
        await PlaceAsync(Valid);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), _desk.Last!.MeetsAt.ToUniversalTime());
    }

    private async Task PlaceAsync(string parameters)
    {
        using JsonDocument document = JsonDocument.Parse(parameters);
        JsonElement result = await Client.CallAsync("order-desk.place", document.RootElement);
        Assert.Equal("EUR", result.GetProperty("total").GetProperty("currency").GetString());
    }


    private sealed class Desk : IOrderDeskService
    {
        public PlaceParams? Last { get; private set; }

        public Task<PlaceResult> PlaceAsync(PlaceParams p, CancellationToken cancellationToken = default)
        {
            Last = p;
            return Task.FromResult(
                new PlaceResult { OrderId = "0b0e7f4e-3a41-4c8e-9a55-2d1a8c9b7e10", Total = new PlaceResultTotal { Amount = 1, Currency = "EUR" } });
        }

        public Task Ping2Async(Ping2Params p, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
