using System.Diagnostics;
using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// The trace context on the wire, with raw Redis commands playing the foreign peer: our client writes
/// <c>traceparent</c>/<c>tracestate</c> after the protocol's fields; our server reads them when present and serves
/// entries without them (or with garbage in them) as it always did.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class TraceContextWireTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly TestHosts _hosts = new(redis.Url, "tc");
    private RawPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await RawPeer.CreateAsync(redis, _hosts.Prefix);

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();
        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task A_request_entry_carries_the_client_span_as_traceparent_after_the_protocol_fields()
    {
        using var trace = new TracedCall();
        trace.Root.TraceStateString = "vendor=1";
        RedisRpcClient client = await _hosts.StartClientAsync();

        // Nobody reads arith (its group exists, as a reference server that has not read makes it): the entry stays, and the call times out.
        await UnreadGroupAsync();
        await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, TimeSpan.FromMilliseconds(300)));

        StreamEntry entry = (await redis.Db.StreamRangeAsync($"{_hosts.Prefix}:cmds:arith")).Single();
        Assert.Equal(["type", "envelope", "reply-to", "deadline", "traceparent", "tracestate"], entry.Values.Select(v => (string)v.Name!));
        Activity clientSpan = trace.Spans().Single(s => s.Kind == ActivityKind.Client);
        Assert.Equal($"00-{clientSpan.TraceId}-{clientSpan.SpanId}-01", (string?)entry["traceparent"]);
        Assert.Equal("vendor=1", (string?)entry["tracestate"]);
    }

    [Fact]
    public async Task Without_a_listener_an_ambient_span_still_travels()
    {
        using var listenerless = new ActivitySource("Clamator.Tests.Ambient");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == listenerless, Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
            ActivitySamplingResult.AllData
        };
        ActivitySource.AddActivityListener(listener);
        using Activity ambient = listenerless.StartActivity("ambient")!;
        RedisRpcClient client = await _hosts.StartClientAsync();
        await UnreadGroupAsync();

        await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }, TimeSpan.FromMilliseconds(300)));

        StreamEntry entry = (await redis.Db.StreamRangeAsync($"{_hosts.Prefix}:cmds:arith")).Single();
        Assert.Contains(ambient.TraceId.ToString(), (string?)entry["traceparent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public async Task A_foreign_entry_without_a_valid_traceparent_is_served_and_starts_a_trace_of_its_own(string? traceparent)
    {
        using var trace = new TracedCall();
        await _hosts.StartServerAsync(new ArithService());
        string id = "foreign-" + Guid.NewGuid().ToString("N")[..8];
        NameValueEntry[] extra = traceparent is null ? [] : [new("traceparent", traceparent)];

        await _peer.AddRequestAsync("arith", $$$"""{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":5},"id":"{{{id}}}"}""", "default", extra);
        StreamEntry reply = (await _peer.ReadAsync(_peer.ReplyKey)).Single();

        Assert.Equal($$$"""{"jsonrpc":"2.0","id":"{{{id}}}","result":{"sum":7}}""", (string?)reply["envelope"]);
        Activity server = await trace.EndedAsync(s => Equals(s.GetTagItem("jsonrpc.request.id"), id), Guard);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(default, server.ParentSpanId);
    }

    [Fact]
    public async Task A_foreign_entry_with_a_traceparent_makes_the_server_span_its_child()
    {
        using var trace = new TracedCall();
        await _hosts.StartServerAsync(new ArithService());
        const string Parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        await _peer.AddRequestAsync(
            "arith", """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"p1"}""", "default", new NameValueEntry("traceparent", Parent));
        _ = await _peer.ReadAsync(_peer.ReplyKey);

        Activity server = await trace.EndedAsync(
            s => Equals(s.GetTagItem("jsonrpc.request.id"), "p1") && s.TraceId.ToString() == "4bf92f3577b34da6a3ce929d0e0e4736", Guard);
        Assert.Equal("00f067aa0ba902b7", server.ParentSpanId.ToString());
    }

    /// <summary>The group of arith as a server makes it before its first read: the client's view then lets calls go (§7.8).</summary>
    private Task UnreadGroupAsync() => redis.Db.ExecuteAsync("XGROUP", "CREATE", $"{_hosts.Prefix}:cmds:arith", "arith", "$", "MKSTREAM");
}
