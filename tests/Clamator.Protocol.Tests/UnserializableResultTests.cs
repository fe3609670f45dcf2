using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Finding "a result that cannot be serialized poisons the queue": whatever the result's writer throws is answered
/// -32603 <c>Result validation failed</c> with the path of the member being written, and never escapes the dispatch.
/// </summary>
public sealed class UnserializableResultTests : IAsyncLifetime
{
    private readonly CapturingServerTransport _transport = new();
    private RpcServerCore _core = null!;

    public async Task InitializeAsync()
    {
        _core = new RpcServerCore(_transport);
        _core.RegisterService(ArithContract.Contract, new ArithService());
        _core.RegisterService(PointsContract.Contract, new PointsService());
        await _core.StartAsync();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_result_that_cannot_be_serialized_does_not_poison_the_queue()
    {
        // 1.7976931348623157e308 + 1.7976931348623157e308 overflows to +Infinity, which JSON cannot carry.
        byte[]? reply = await _core.DispatchAsync(
            "arith", Encoding.UTF8.GetBytes(
            """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1.7976931348623157e308,"b":1.7976931348623157e308},"id":"inf"}"""), default);

        Envelope envelope = Envelope.Parse(Assert.IsType<byte[]>(reply));
        Assert.Equal(new RpcId("inf"), envelope.Id);
        Assert.Equal(RpcErrorCodes.InternalError, envelope.ErrorCode);
        Assert.Equal("Result validation failed", envelope.ErrorMessage);
        JsonElement data = Parse(envelope.ErrorData);
        Assert.Equal("ValidationError", data.GetProperty("name").GetString());
        JsonElement error = Assert.Single(data.GetProperty("errors").EnumerateArray());
        Assert.Equal("""["sum"]""", error.GetProperty("path").GetRawText());
        Assert.Equal("Expected a finite number, received Infinity", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_path_of_an_unserializable_result_names_list_indexes_and_nested_members()
    {
        Envelope envelope = await Dispatch("""{"jsonrpc":"2.0","method":"points.scale","params":{"items":[{"x":1},{"x":2},{"x":1e308}],"factor":10},"id":1}""");

        Assert.Equal(RpcErrorCodes.InternalError, envelope.ErrorCode);
        Assert.Equal("Result validation failed", envelope.ErrorMessage);
        Assert.Equal("""["items",2,"x"]""", Parse(envelope.ErrorData).GetProperty("errors")[0].GetProperty("path").GetRawText());
    }

    [Fact]
    public async Task Any_exception_from_the_result_writer_is_answered_with_the_best_path()
    {
        Envelope envelope = await Dispatch("""{"jsonrpc":"2.0","method":"points.faulty","params":{"items":[],"factor":1},"id":"g"}""");

        Assert.Equal(RpcErrorCodes.InternalError, envelope.ErrorCode);
        Assert.Equal("Result validation failed", envelope.ErrorMessage);
        JsonElement error = Parse(envelope.ErrorData).GetProperty("errors")[0];
        Assert.Equal("getter boom", error.GetProperty("message").GetString());
        // The getter fails before its member's name is written: the path names the object that holds it.
        Assert.Equal("""["items",1]""", error.GetProperty("path").GetRawText());
    }

    [Fact]
    public async Task A_json_element_member_that_cannot_be_written_is_answered_with_its_path()
    {
        Envelope envelope = await Dispatch("""{"jsonrpc":"2.0","method":"points.loose","params":{"items":[],"factor":1},"id":"j"}""");

        Assert.Equal(RpcErrorCodes.InternalError, envelope.ErrorCode);
        Assert.Equal("Result validation failed", envelope.ErrorMessage);
        Assert.Equal("""["extra"]""", Parse(envelope.ErrorData).GetProperty("errors")[0].GetProperty("path").GetRawText());
    }

    [Fact]
    public async Task A_notification_to_a_request_method_with_an_unserializable_result_is_not_answered()
    {
        byte[]? reply = await _core.DispatchAsync(
            "arith", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1.7976931348623157e308,"b":1.7976931348623157e308}}"""),
            default);

        Assert.Null(reply);
    }

    [Fact]
    public void The_envelope_writer_reports_any_write_failure_as_a_json_exception_with_the_path()
    {
        var error = Assert.Throws<JsonException>(() => EnvelopeWriter.Success(new RpcId(1), new[] { 1.0, double.NaN }, WriterProbeContext.Default.DoubleArray));

        Assert.Equal("$[1]", error.Path);
        Assert.IsType<ArgumentException>(error.InnerException);
    }

    private async Task<Envelope> Dispatch(string json)
    {
        byte[]? reply = await _core.DispatchAsync("points", Encoding.UTF8.GetBytes(json), default);
        return Envelope.Parse(Assert.IsType<byte[]>(reply));
    }

    private static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>A hand-written System.Text.Json context: its doubles go through the built-in converter.</summary>
[JsonSerializable(typeof(double[]))]
internal sealed partial class WriterProbeContext : JsonSerializerContext;
