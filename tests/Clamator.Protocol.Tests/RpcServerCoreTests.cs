using System.Text;
using System.Text.Json;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

public sealed class RpcServerCoreTests : IAsyncLifetime
{
    private readonly ProbeService _probe = new();
    private readonly CapturingServerTransport _transport = new();
    private RpcServerCore _core = null!;

    public async Task InitializeAsync()
    {
        _core = new RpcServerCore(_transport);
        _core.RegisterService(ProbeContract.Contract, _probe);
        await _core.StartAsync();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Handler_exception_becomes_internal_error_with_name_and_message()
    {
        Envelope reply = await Dispatch("""{"jsonrpc":"2.0","method":"probe.run","params":{"n":1},"id":"x"}""");

        Assert.Equal(RpcErrorCodes.InternalError, reply.ErrorCode);
        Assert.Equal("Internal error", reply.ErrorMessage);
        JsonElement data = Parse(reply.ErrorData);
        Assert.Equal("InvalidOperationException", data.GetProperty("name").GetString());
        Assert.Equal("boom", data.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(2, "value")]
    [InlineData(3, null)]
    public async Task Invalid_result_becomes_result_validation_failed(int n, string? path)
    {
        Envelope reply = await Dispatch($$"""{"jsonrpc":"2.0","method":"probe.run","params":{"n":{{n}}},"id":"x"}""");

        Assert.Equal(RpcErrorCodes.InternalError, reply.ErrorCode);
        Assert.Equal("Result validation failed", reply.ErrorMessage);
        JsonElement error = Parse(reply.ErrorData).GetProperty("errors")[0];
        Assert.Equal(path is null ? 0 : 1, error.GetProperty("path").GetArrayLength());
    }

    [Fact]
    public async Task Nested_validation_reports_the_full_path()
    {
        Envelope reply = await Dispatch(
            """{"jsonrpc":"2.0","method":"probe.run","params":{"n":5,"inner":{"items":[{"sku":"a","qty":1},{"sku":"b","qty":0}]}},"id":9}""");

        Assert.Equal(RpcErrorCodes.InvalidParams, reply.ErrorCode);
        Assert.Equal(new RpcId(9), reply.Id);
        JsonElement path = Parse(reply.ErrorData).GetProperty("errors")[0].GetProperty("path");
        Assert.Equal("""["inner","items",1,"qty"]""", path.GetRawText());
    }

    [Fact]
    public async Task Type_error_reports_the_json_path()
    {
        Envelope reply = await Dispatch("""{"jsonrpc":"2.0","method":"probe.run","params":{"n":5,"inner":{"items":[{"sku":7,"qty":1}]}},"id":"p"}""");

        Assert.Equal(RpcErrorCodes.InvalidParams, reply.ErrorCode);
        JsonElement path = Parse(reply.ErrorData).GetProperty("errors")[0].GetProperty("path");
        Assert.Equal("""["inner","items",0,"sku"]""", path.GetRawText());
    }

    [Fact]
    public async Task Success_echoes_an_integer_id_as_an_integer()
    {
        byte[]? reply = await _core.DispatchAsync(
            "probe", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"probe.run","params":{"n":7.0},"id":42}"""), default);

        Assert.Equal("""{"jsonrpc":"2.0","id":42,"result":{"value":7}}""", Encoding.UTF8.GetString(reply!));
    }

    [Fact]
    public async Task Invalid_envelope_with_recoverable_id_is_answered_minus_32600_with_reason()
    {
        byte[]? reply = await _core.DispatchAsync("probe", Encoding.UTF8.GetBytes("""{"jsonrpc":"1.0","method":"probe.run","params":{},"id":"k"}"""), default);

        Assert.Equal("""{"jsonrpc":"2.0","id":"k","error":{"code":-32600,"message":"Invalid Request","data":{"reason":"version"}}}""",
            Encoding.UTF8.GetString(reply!));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{\"jsonrpc\":")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"probe.run\",\"params\":{},\"id\":true}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"probe.run\",\"params\":{\"n\":1}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"probe.nope\",\"params\":{}}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"probe.note\",\"params\":{\"n\":\"x\"}}")]
    public async Task Nothing_is_answered_without_an_id(string input)
    {
        byte[]? reply = await _core.DispatchAsync("probe", Encoding.UTF8.GetBytes(input), default);

        Assert.Null(reply);
    }

    [Fact]
    public async Task Request_to_a_notification_method_is_answered_with_a_null_result()
    {
        Envelope reply = await Dispatch("""{"jsonrpc":"2.0","method":"probe.note","params":{"n":2},"id":"r"}""");

        Assert.Equal(EnvelopeKind.Success, reply.Kind);
        Assert.Equal("null", Encoding.UTF8.GetString(reply.Result.Span));
        Assert.Equal(1, _probe.Notes);
    }

    [Fact]
    public async Task Notification_handler_failure_is_not_answered()
    {
        byte[]? reply = await _core.DispatchAsync("probe", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"probe.note","params":{"n":1}}"""), default);

        Assert.Null(reply);
        Assert.Equal(1, _probe.Notes);
    }

    [Fact]
    public async Task The_dispatched_service_is_the_queue_service()
    {
        Envelope reply = await Dispatch("""{"jsonrpc":"2.0","method":"other.run","params":{"n":4},"id":"s"}""");

        Assert.Equal(EnvelopeKind.Success, reply.Kind);
    }

    [Fact]
    public async Task Unregistered_service_answers_method_not_found()
    {
        byte[]? reply = await _core.DispatchAsync(
            "arith", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"u"}"""), default);

        Assert.Equal(RpcErrorCodes.MethodNotFound, Envelope.Parse(reply!).ErrorCode);
    }

    [Fact]
    public async Task Method_not_found_names_the_method_asked_for_in_its_data()
    {
        byte[]? unserved = await _core.DispatchAsync(
            "arith", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"arith.add","params":{},"id":"u"}"""), default);
        byte[]? unknown = await _core.DispatchAsync(
            "probe", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"probe.nope","params":{},"id":"n"}"""), default);

        Assert.Equal("""{"jsonrpc":"2.0","id":"u","error":{"code":-32601,"message":"Method not found","data":{"method":"arith.add"}}}""",
            Encoding.UTF8.GetString(unserved!));
        Assert.Equal("""{"jsonrpc":"2.0","id":"n","error":{"code":-32601,"message":"Method not found","data":{"method":"probe.nope"}}}""",
            Encoding.UTF8.GetString(unknown!));
    }

    [Fact]
    public async Task Registration_after_start_throws_and_stop_releases_the_transport()
    {
        Assert.Throws<InvalidOperationException>(() => _core.RegisterService(ArithContract.Contract, new ArithService()));

        await _core.StopAsync();

        Assert.True(_transport.Stopped);
        Assert.True(_transport.Disposed);
        await Assert.ThrowsAsync<ClamatorTransportException>(
            () => _core.DispatchAsync("probe", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"probe.run","params":{"n":4},"id":"s"}"""), default));
    }

    [Fact]
    public async Task Start_twice_throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _core.StartAsync());
    }

    private async Task<Envelope> Dispatch(string json)
    {
        byte[]? reply = await _core.DispatchAsync("probe", Encoding.UTF8.GetBytes(json), default);
        return Envelope.Parse(Assert.IsType<byte[]>(reply));
    }

    private static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
