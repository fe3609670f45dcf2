using System.Text;
using System.Text.Json;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>Client core behaviour against a scripted transport: what it sends and how it maps what comes back.</summary>
public sealed class RpcClientCoreTests
{
    [Fact]
    public async Task Request_envelope_has_the_wire_shape()
    {
        var transport = new ScriptedTransport(call => """{"jsonrpc":"2.0","id":"ID","result":{"sum":3}}""".Replace("ID", call.Id, StringComparison.Ordinal));
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 });

        OutgoingCall sent = Assert.Single(transport.Calls);
        Assert.Equal("arith", sent.Service);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", sent.Id);
        Assert.Equal($$"""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"{{sent.Id}}"}""", Encoding.UTF8.GetString(sent.Envelope.Span));
    }

    [Fact]
    public async Task Notification_envelope_has_no_id_and_optional_members_are_omitted()
    {
        var transport = new ScriptedTransport(_ => throw new InvalidOperationException());
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        await client.NotifyAsync(NotificationsContract.Ping, new PingParams());

        Assert.Equal("""{"jsonrpc":"2.0","method":"notifications.ping","params":{}}""", Encoding.UTF8.GetString(transport.Notifications.Single().Span));
    }

    [Fact]
    public async Task Error_reply_becomes_rpc_exception_with_data()
    {
        var transport = new ScriptedTransport(
            call => """{"jsonrpc": "2.0", "id": "ID", "error": {"code": -32000, "message": "division by zero", "data": {"x": [1]}}}""".Replace("ID", call.Id,
            StringComparison.Ordinal));
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(ArithContract.Divide, new DivideParams { A = 1, B = 0 }));

        Assert.Equal(-32000, error.Code);
        Assert.Equal("division by zero", error.Message);
        Assert.Equal("""{"x": [1]}""", error.Data!.Value.GetRawText());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"ID","result":{"sum":"three"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"ID","result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"ID","result":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"ID"}""")]
    [InlineData("""not json""")]
    [InlineData("""{"jsonrpc":"2.0","id":"other","result":{"sum":3}}""")]
    public async Task Malformed_or_invalid_replies_become_protocol_exceptions(string reply)
    {
        var transport = new ScriptedTransport(call => reply.Replace("ID", call.Id, StringComparison.Ordinal));
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        await Assert.ThrowsAsync<ClamatorProtocolException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }));
    }

    [Fact]
    public async Task Params_that_cannot_be_serialized_are_refused_before_sending_with_their_path()
    {
        var transport = new ScriptedTransport(_ => throw new InvalidOperationException());
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        var call = await Assert.ThrowsAsync<ClamatorProtocolException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = double.PositiveInfinity, B = 1 }));
        var notify = await Assert.ThrowsAsync<ClamatorProtocolException>(
            () => client.NotifyAsync(PointsContract.Mark, new ScaleParams([new Point(1), new Point(double.NaN)], 1)));

        Assert.Equal(["a"], Assert.Single(call.Validation!.Issues).Path);
        Assert.Equal(["items", 1, "x"], Assert.Single(notify.Validation!.Issues).Path);
        Assert.Empty(transport.Calls);
        Assert.Empty(transport.Notifications);
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    public async Task A_result_holding_a_non_finite_number_becomes_a_protocol_exception_not_infinity(string number)
    {
        var transport = new ScriptedTransport(call => $$$"""{"jsonrpc":"2.0","id":"{{{call.Id}}}","result":{"sum":{{{number}}}}}""");
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }));

        ValidationIssue issue = Assert.Single(error.Validation!.Issues);
        Assert.Equal(["sum"], issue.Path);
        Assert.Equal("Expected a finite number, received one out of range", issue.Message);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"ID","result":{"sum":DEEP}}""")]
    [InlineData("""{"jsonrpc":"2.0","result":{"sum":3},"extra":DEEP,"id":"ID"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"ID","error":{"code":-32000,"message":"m","data":DEEP}}""")]
    public async Task Replies_nested_too_deep_become_protocol_exceptions(string reply)
    {
        string deep = RecoverableIdTests.Nested(10_000);
        var transport = new ScriptedTransport(call => reply.Replace("ID", call.Id, StringComparison.Ordinal).Replace("DEEP", deep, StringComparison.Ordinal));
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();

        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }));

        Assert.Contains(InvalidReasons.TooDeep, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arith")]
    [InlineData("Arith.add")]
    [InlineData("arith.slow-add")]
    public async Task Bad_method_names_are_refused_before_sending(string method)
    {
        var transport = new ScriptedTransport(_ => throw new InvalidOperationException());
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();
        using JsonDocument empty = JsonDocument.Parse("{}");

        await Assert.ThrowsAsync<ClamatorProtocolException>(() => client.CallAsync(method, empty.RootElement));
        await Assert.ThrowsAsync<ClamatorProtocolException>(() => client.NotifyAsync(method, empty.RootElement));
        Assert.Empty(transport.Calls);
        Assert.Empty(transport.Notifications);
    }

    [Fact]
    public async Task Untyped_absent_or_null_params_are_sent_as_an_empty_object()
    {
        var transport = new ScriptedTransport(call => """{"jsonrpc":"2.0","id":"ID","result":null}""".Replace("ID", call.Id, StringComparison.Ordinal));
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();
        using JsonDocument nullParams = JsonDocument.Parse("null");

        await client.CallAsync("kitchen.reset", nullParams.RootElement);
        await client.NotifyAsync("kitchen.reset", default);

        Assert.Contains("\"params\":{}", Encoding.UTF8.GetString(transport.Calls.Single().Envelope.Span), StringComparison.Ordinal);
        Assert.Contains("\"params\":{}", Encoding.UTF8.GetString(transport.Notifications.Single().Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Array_params_are_refused_before_sending()
    {
        var transport = new ScriptedTransport(_ => throw new InvalidOperationException());
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();
        using JsonDocument array = JsonDocument.Parse("[1,2]");

        await Assert.ThrowsAsync<ClamatorProtocolException>(() => client.CallAsync("arith.add", array.RootElement));
        Assert.Empty(transport.Calls);
    }

    [Fact]
    public async Task Timeout_is_enforced_by_the_core_on_the_given_clock()
    {
        var clock = new ManualClock();
        var transport = new ScriptedTransport(null);
        await using var client = new RpcClientCore(transport, timeProvider: clock);
        await client.StartAsync();

        Task<AddResult> call = client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, TimeSpan.FromSeconds(5));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => call);
        Assert.Equal("call timeout", error.Message);
        Assert.Equal(clock.Start + TimeSpan.FromSeconds(5), transport.Calls.Single().Deadline);
    }

    [Fact]
    public void Non_positive_timeouts_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RpcClientCore(new ScriptedTransport(null), TimeSpan.Zero));

    private sealed class ScriptedTransport(Func<OutgoingCall, string>? respond) : IClientTransport
    {
        public List<OutgoingCall> Calls { get; } = [];

        public List<ReadOnlyMemory<byte>> Notifications { get; } = [];

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public async ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
        {
            Calls.Add(call);
            if (respond is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Envelope.Parse(Encoding.UTF8.GetBytes(respond!(call)));
        }

        public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
        {
            Notifications.Add(envelope);
            return Task.CompletedTask;
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];

        public DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private DateTimeOffset Now { get; set; }

        public ManualClock() => Now = Start;

        public override DateTimeOffset GetUtcNow() => Now;

        public void Advance(TimeSpan by)
        {
            Now += by;
            foreach (var timer in _timers.Where(t => t.Due <= Now).ToList())
            {
                _timers.Remove(timer);
                timer.Callback(timer.State);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var entry = (Now + dueTime, callback, state);
            _timers.Add(entry);
            return new Handle(() => _timers.Remove(entry));
        }

        private sealed class Handle(Action cancel) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose() => cancel();

            public ValueTask DisposeAsync()
            {
                cancel();
                return ValueTask.CompletedTask;
            }
        }
    }
}
