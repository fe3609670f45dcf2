using System.Text;
using System.Text.Json;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Finding "recoverable ids go unanswered": an envelope nested deeper than <see cref="Envelope.MaxDepth"/> used to
/// fail to parse, losing its id, so it was acknowledged unanswered. It is now read to its end and answered.
/// </summary>
public sealed class RecoverableIdTests : IAsyncLifetime
{
    private const int Deep = 10_000;

    private readonly ArithService _arith = new();
    private RpcServerCore _core = null!;

    public async Task InitializeAsync()
    {
        _core = new RpcServerCore(new CapturingServerTransport());
        _core.RegisterService(ArithContract.Contract, _arith);
        await _core.StartAsync();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Recoverable_ids_are_answered_when_params_nest_too_deep(bool idFirst)
    {
        string parameters = "{\"a\":" + Nested(Deep) + ",\"b\":1}";
        string json = idFirst
            ? "{\"jsonrpc\":\"2.0\",\"id\":\"deep\",\"method\":\"arith.add\",\"params\":" + parameters + "}"
            : "{\"jsonrpc\":\"2.0\",\"method\":\"arith.add\",\"params\":" + parameters + ",\"id\":\"deep\"}";

        Envelope reply = await Dispatch(json);

        Assert.Equal(new RpcId("deep"), reply.Id);
        Assert.Equal(RpcErrorCodes.InvalidParams, reply.ErrorCode);
        Assert.Equal("Invalid params", reply.ErrorMessage);
        JsonElement data = Parse(reply.ErrorData);
        Assert.Equal("ValidationError", data.GetProperty("name").GetString());
        JsonElement error = Assert.Single(data.GetProperty("errors").EnumerateArray());
        Assert.Contains($"at most {Envelope.MaxDepth} levels", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The envelope and params are two levels, "a" the third: the 65th is a[0]...[0], 62 indexes deep.
        Assert.Equal("[\"a\"," + string.Join(",", Enumerable.Repeat("0", Envelope.MaxDepth - 2)) + "]", error.GetProperty("path").GetRawText());
        Assert.Equal(0, _arith.Handled);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"extra":DEEP,"id":7}""")]
    [InlineData("""{"jsonrpc":"2.0","extra":{"x":DEEP},"id":7,"method":"arith.add","params":{"a":1,"b":2}}""")]
    [InlineData("""{"jsonrpc":"2.0","result":DEEP,"id":7}""")]
    [InlineData("""{"jsonrpc":"2.0","error":{"code":1,"message":"m","data":DEEP},"id":7}""")]
    public async Task Recoverable_ids_are_answered_invalid_request_when_anything_else_nests_too_deep(string template)
    {
        Envelope reply = await Dispatch(template.Replace("DEEP", Nested(Deep), StringComparison.Ordinal));

        Assert.Equal(new RpcId(7), reply.Id);
        Assert.Equal(RpcErrorCodes.InvalidRequest, reply.ErrorCode);
        Assert.Equal("Invalid Request", reply.ErrorMessage);
        Assert.Equal(InvalidReasons.TooDeep, Parse(reply.ErrorData).GetProperty("reason").GetString());
        Assert.Equal(0, _arith.Handled);
    }

    [Fact]
    public async Task A_notification_with_params_nested_too_deep_is_dropped_without_running_the_handler()
    {
        byte[]? reply = await _core.DispatchAsync(
            "arith", Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"arith.add\",\"params\":{\"a\":" + Nested(Deep) + ",\"b\":1}}"), default);

        Assert.Null(reply);
        Assert.Equal(0, _arith.Handled);
    }

    [Theory]
    [InlineData(Envelope.MaxDepth, false)]
    [InlineData(Envelope.MaxDepth + 1, true)]
    public void The_depth_limit_counts_the_envelope_itself(int depth, bool tooDeep)
    {
        // The envelope and params are two levels; "x" holds the rest.
        string json = "{\"jsonrpc\":\"2.0\",\"method\":\"arith.add\",\"params\":{\"x\":" + Nested(depth - 2) + "},\"id\":1}";

        Envelope envelope = Envelope.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(EnvelopeKind.Request, envelope.Kind);
        Assert.Equal(tooDeep, envelope.ParamsFailure is not null);
        Envelope other = Envelope.Parse(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"x\":" + Nested(depth - 1) + ",\"id\":1,\"method\":\"arith.add\"}"));
        Assert.Equal(tooDeep ? EnvelopeKind.Invalid : EnvelopeKind.Request, other.Kind);
    }

    [Fact]
    public void A_deep_envelope_without_an_id_is_still_invalid_and_unanswerable()
    {
        Envelope envelope = Envelope.Parse(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"x\":" + Nested(Deep) + "}"));

        Assert.Equal(EnvelopeKind.Invalid, envelope.Kind);
        Assert.Equal(InvalidReasons.TooDeep, envelope.InvalidReason);
        Assert.Null(envelope.Id);
    }

    /// <summary><c>[[[…]]]</c>: <paramref name="depth"/> nested arrays.</summary>
    internal static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private async Task<Envelope> Dispatch(string json)
    {
        byte[]? reply = await _core.DispatchAsync("arith", Encoding.UTF8.GetBytes(json), default);
        return Envelope.Parse(Assert.IsType<byte[]>(reply));
    }

    private static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
