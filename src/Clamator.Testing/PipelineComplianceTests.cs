using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace Clamator.Testing;

/// <summary>
/// Interceptors, traces and metrics, written once and run against every transport by a tiny subclass: what a call
/// looks like to the pipeline on both sides, and what crosses the hop. A derived class creates the transport's servers
/// and clients with the meter factory it is given (<see cref="NewServer"/>, <see cref="NewClient"/>).
/// </summary>
public abstract class PipelineComplianceTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _owned = [];

    private ObservedArithService Arith { get; } = new();

    private TestMeterFactory Meters { get; } = new();

    /// <summary>Creates a server on the transport under test (not started), its meter made by <paramref name="meters"/>.</summary>
    /// <param name="meters">The meter factory of the test; the server's metrics must be created by it.</param>
    /// <returns>A new server, owned and disposed by the suite.</returns>
    protected abstract IRpcServer NewServer(IMeterFactory meters);

    /// <summary>Creates a client on the transport under test (not started), its meter made by <paramref name="meters"/>.</summary>
    /// <param name="meters">The meter factory of the test; the client's metrics must be created by it.</param>
    /// <returns>A new client, owned and disposed by the suite.</returns>
    protected abstract IRpcClient NewClient(IMeterFactory meters);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes the servers and clients the test created, the last first, then its meters.</summary>
    /// <returns>A task that completes when they are disposed.</returns>
    public virtual async Task DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        Meters.Dispose();
    }

    /// <summary>A trace crosses the hop with the server span the child of the client span.</summary>
    [Fact]
    public async Task A_trace_crosses_the_hop_with_the_server_span_the_child_of_the_client_span()
    {
        using var trace = new TracedCall();
        (_, IRpcClient client) = await StartAsync();

        await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }).WaitAsync(Guard);

        List<Activity> spans = trace.Spans();
        Activity clientSpan = spans.Single(s => s.Kind == ActivityKind.Client);
        Activity serverSpan = spans.Single(s => s.Kind == ActivityKind.Server);
        Assert.Equal(trace.Root.SpanId, clientSpan.ParentSpanId);
        Assert.Equal(clientSpan.TraceId, serverSpan.TraceId);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        foreach (Activity span in new[] { clientSpan, serverSpan })
        {
            Assert.Equal("arith.add", span.DisplayName);
            Assert.Equal("jsonrpc", span.GetTagItem("rpc.system"));
            Assert.Equal("arith", span.GetTagItem("rpc.service"));
            Assert.Equal("arith.add", span.GetTagItem("rpc.method"));
            Assert.Equal("2.0", span.GetTagItem("jsonrpc.protocol.version"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem("error.type"));
        }

        Assert.Equal(clientSpan.GetTagItem("jsonrpc.request.id"), serverSpan.GetTagItem("jsonrpc.request.id"));
        Assert.NotNull(clientSpan.GetTagItem("jsonrpc.request.id"));
    }

    /// <summary>An error answer marks both spans with its code.</summary>
    [Fact]
    public async Task An_error_answer_marks_both_spans_with_its_code()
    {
        using var trace = new TracedCall();
        (_, IRpcClient client) = await StartAsync();

        await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(ArithContract.Divide, new DivideParams { A = 1, B = 0 }).WaitAsync(Guard));

        List<Activity> spans = trace.Spans();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span =>
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal("-32000", span.GetTagItem("error.type"));
            Assert.Equal("-32000", span.GetTagItem("rpc.response.status_code"));
        });
    }

    /// <summary>A notification has a client span without request id and its server span joins the trace.</summary>
    [Fact]
    public async Task A_notification_has_a_client_span_without_request_id_and_its_server_span_joins_the_trace()
    {
        using var trace = new TracedCall();
        var notifications = new NotificationsService();
        IRpcServer server = Own(NewServer(Meters));
        server.RegisterService(NotificationsContract.Contract, notifications);
        await server.StartAsync();
        IRpcClient client = Own(NewClient(Meters));
        await client.StartAsync();

        await client.NotifyAsync(NotificationsContract.Ping, new PingParams()).WaitAsync(Guard);

        Activity clientSpan = trace.Spans().Single(s => s.Kind == ActivityKind.Client);
        Assert.Null(clientSpan.GetTagItem("jsonrpc.request.id"));
        // Spans of tests running beside this one are collected too: wait for this trace's server span.
        Activity serverSpan = await trace.EndedAsync(s => s.Kind == ActivityKind.Server && s.TraceId == clientSpan.TraceId, Guard);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
    }

    /// <summary>Interceptors see each call on both sides with its params id and deadline.</summary>
    [Fact]
    public async Task Interceptors_see_each_call_on_both_sides_with_its_params_id_and_deadline()
    {
        var seenByClient = new RecordingInterceptor();
        var seenByServer = new RecordingInterceptor();
        (_, IRpcClient client) = await StartAsync(seenByClient, seenByServer);

        await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }, TimeSpan.FromSeconds(20)).WaitAsync(Guard);

        RpcCallContext onClient = seenByClient.Calls.Single();
        RpcCallContext onServer = seenByServer.Calls.Single();
        foreach (RpcCallContext context in new[] { onClient, onServer })
        {
            Assert.Equal(("arith", "add", "arith.add", false), (context.Service, context.Method, context.QualifiedName, context.IsNotification));
            Assert.Equal("""{"a":2,"b":3}""", Encoding.UTF8.GetString(context.Params.Span));
        }

        Assert.Equal(onClient.RequestId, onServer.RequestId);
        Assert.Equal(onClient.Deadline!.Value.ToUnixTimeMilliseconds(), onServer.Deadline!.Value.ToUnixTimeMilliseconds());
        Assert.Equal("""{"sum":5}""", Encoding.UTF8.GetString(seenByClient.Outcomes.Single().Result.Span));
        Assert.True(seenByServer.Outcomes.Single().IsSuccess);
    }

    /// <summary>A server interceptor refusing a call answers its error and the handler never runs.</summary>
    [Fact]
    public async Task A_server_interceptor_refusing_a_call_answers_its_error_and_the_handler_never_runs()
    {
        var refuse = new RefusingInterceptor(RpcOutcome.Failure(4003, "forbidden"));
        (_, IRpcClient client) = await StartAsync(server: refuse);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 1 }).WaitAsync(Guard));

        Assert.Equal((4003, "forbidden"), (error.Code, error.Message));
        Assert.Equal(0, Arith.Handled);
    }

    /// <summary>A client interceptor answering a call sends nothing.</summary>
    [Fact]
    public async Task A_client_interceptor_answering_a_call_sends_nothing()
    {
        var answer = new RefusingInterceptor(RpcOutcome.Success(Encoding.UTF8.GetBytes("""{"sum":42}""")));
        var seenByServer = new RecordingInterceptor();
        (_, IRpcClient client) = await StartAsync(answer, seenByServer);

        AddResult result = await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 1 }).WaitAsync(Guard);

        Assert.Equal(42, result.Sum);
        Assert.Empty(seenByServer.Calls);
        Assert.Equal(0, Arith.Handled);
    }

    /// <summary>Interceptors cannot be added after start.</summary>
    [Fact]
    public async Task Interceptors_cannot_be_added_after_start()
    {
        (IRpcServer server, IRpcClient client) = await StartAsync();

        Assert.Throws<InvalidOperationException>(() => server.AddInterceptor(new RecordingInterceptor()));
        Assert.Throws<InvalidOperationException>(() => client.AddInterceptor(new RecordingInterceptor()));
    }

    /// <summary>Call durations are recorded on both sides with the rpc attributes.</summary>
    [Fact]
    public async Task Call_durations_are_recorded_on_both_sides_with_the_rpc_attributes()
    {
        using var clientDurations = new MetricCollector<double>(Meters, ClamatorDiagnostics.MeterName, "rpc.client.call.duration");
        using var serverDurations = new MetricCollector<double>(Meters, ClamatorDiagnostics.MeterName, "rpc.server.call.duration");
        (_, IRpcClient client) = await StartAsync();

        await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 1 }).WaitAsync(Guard);
        await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(ArithContract.Divide, new DivideParams { A = 1, B = 0 }).WaitAsync(Guard));

        foreach (MetricCollector<double> durations in new[] { clientDurations, serverDurations })
        {
            IReadOnlyList<CollectedMeasurement<double>> measured = durations.GetMeasurementSnapshot();
            Assert.Equal(2, measured.Count);
            Assert.All(measured, m => Assert.True(m.Value >= 0));
            Assert.All(measured, m => Assert.Equal("jsonrpc", m.Tags["rpc.system"]));
            Assert.Equal("arith.add", measured[0].Tags["rpc.method"]);
            Assert.False(measured[0].Tags.ContainsKey("error.type"));
            Assert.Equal(("arith.divide", "-32000"), ((string?)measured[1].Tags["rpc.method"], (string?)measured[1].Tags["error.type"]));
        }
    }

    /// <summary>A timed out call is counted and its span says timeout.</summary>
    [Fact]
    public async Task A_timed_out_call_is_counted_and_its_span_says_timeout()
    {
        using var trace = new TracedCall();
        using var timeouts = new MetricCollector<long>(Meters, ClamatorDiagnostics.MeterName, "clamator.client.timeouts");
        (_, IRpcClient client) = await StartAsync();

        await Assert.ThrowsAsync<ClamatorTransportException>(() =>
            client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 1, SleepMs = 60_000 }, TimeSpan.FromMilliseconds(200)).WaitAsync(Guard));

        Assert.Equal(1, timeouts.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("timeout", trace.Spans().Single(s => s.Kind == ActivityKind.Client).GetTagItem("error.type"));
    }

    private async Task<(IRpcServer Server, IRpcClient Client)> StartAsync(IRpcInterceptor? client = null, IRpcInterceptor? server = null)
    {
        IRpcServer rpcServer = Own(NewServer(Meters));
        rpcServer.RegisterService(ArithContract.Contract, Arith);
        if (server is not null)
        {
            rpcServer.AddInterceptor(server);
        }

        await rpcServer.StartAsync();
        IRpcClient rpcClient = Own(NewClient(Meters));
        if (client is not null)
        {
            rpcClient.AddInterceptor(client);
        }

        await rpcClient.StartAsync();
        return (rpcServer, rpcClient);
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private sealed class RecordingInterceptor : IRpcInterceptor
    {
        public List<RpcCallContext> Calls { get; } = [];

        public List<RpcOutcome> Outcomes { get; } = [];

        public async ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next)
        {
            _ = context.Params;
            lock (Calls)
            {
                Calls.Add(context);
            }

            RpcOutcome outcome = await next(context);
            lock (Outcomes)
            {
                Outcomes.Add(outcome);
            }

            return outcome;
        }
    }

    private sealed class RefusingInterceptor(RpcOutcome outcome) : IRpcInterceptor
    {
        public ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next) => new(outcome);
    }
}
