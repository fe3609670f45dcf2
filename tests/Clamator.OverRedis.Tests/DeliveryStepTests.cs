using System.Text;
using Clamator.OverRedis;
using Clamator.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The per-entry decision of the Redis server, without Redis: every entry gets an outcome, none an exception.</summary>
public sealed class DeliveryStepTests
{
    private const string Request = """{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":2},"id":"r1"}""";
    private const string ReplyTo = "app:replies:client-1";
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"r1","result":{"sum":3}}""");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeDispatcher _dispatcher = new();

    [Fact]
    public async Task Answered_request_becomes_a_reply_to_its_reply_stream()
    {
        DeliveryOutcome outcome = await Run(Entry(Request, ReplyTo));

        Assert.Equal(DeliveryAction.Reply, outcome.Action);
        Assert.Equal(ReplyTo, (string?)outcome.ReplyTo);
        Assert.Same(Answer, outcome.Reply);
    }

    [Fact]
    public async Task Notification_is_acknowledged_unanswered()
    {
        _dispatcher.Reply = null;

        DeliveryOutcome outcome = await Run(Entry("""{"jsonrpc":"2.0","method":"arith.add","params":{}}""", replyTo: null));

        Assert.Equal(DeliveryAction.Acknowledge, outcome.Action);
    }

    [Fact]
    public async Task Entry_deleted_while_pending_is_acknowledged_without_dispatch()
    {
        DeliveryOutcome outcome = await Run(new StreamMessage("1-0", []));

        Assert.Equal(DeliveryAction.Acknowledge, outcome.Action);
        Assert.Equal(0, _dispatcher.Calls);
    }

    [Fact]
    public async Task Entry_without_envelope_is_acknowledged_without_dispatch()
    {
        DeliveryOutcome outcome = await Run(new StreamMessage("1-0", [new("type", "rpc"), new("reply-to", ReplyTo)]));

        Assert.Equal(DeliveryAction.Acknowledge, outcome.Action);
        Assert.Equal(0, _dispatcher.Calls);
    }

    [Fact]
    public async Task Request_past_max_deliveries_is_dead_lettered_with_a_delivery_limit_answer()
    {
        DeliveryOutcome outcome = await Run(Entry(Request, ReplyTo), deliveries: 6);

        Assert.Equal(DeliveryAction.DeadLetter, outcome.Action);
        Assert.Equal("max-deliveries", outcome.Reason);
        Assert.Contains("DeliveryLimitExceeded", Encoding.UTF8.GetString(outcome.Reply!), StringComparison.Ordinal);
        Assert.Equal(0, _dispatcher.Calls);
    }

    [Fact]
    public async Task Entry_past_max_deliveries_without_reply_to_is_dead_lettered_unanswered()
    {
        DeliveryOutcome outcome = await Run(Entry(Request, replyTo: null), deliveries: 6);

        Assert.Equal(DeliveryAction.DeadLetter, outcome.Action);
        Assert.Null(outcome.Reply);
    }

    [Fact]
    public async Task Request_past_its_deadline_is_acknowledged_without_running_its_handler()
    {
        var service = new ObservedArithService();
        await using RpcServerCore core = await StartedCoreAsync(service);
        var step = new DeliveryStep(Context(), core);

        DispatchSlot slot = await core.AcquireSlotAsync("arith", CancellationToken.None);
        DeliveryOutcome outcome = await step.RunAsync(Entry(Request, ReplyTo, deadline: _time.GetUtcNow().AddMilliseconds(-1)), 1, slot);

        Assert.Equal(DeliveryAction.Acknowledge, outcome.Action);
        Assert.Equal(0, service.Handled);
        Assert.Equal(1, step.DeadlineSkips);
    }

    [Fact]
    public async Task Handler_running_past_the_deadline_is_cancelled_and_the_entry_acknowledged_unanswered()
    {
        var service = new ObservedArithService();
        await using RpcServerCore core = await StartedCoreAsync(service);
        var step = new DeliveryStep(Context(), core);
        const string Slow = """{"jsonrpc":"2.0","method":"arith.slowAdd","params":{"a":1,"b":2,"sleepMs":600000},"id":"s1"}""";

        Task started = service.SlowAddStarted;
        DispatchSlot slot = await core.AcquireSlotAsync("arith", CancellationToken.None);
        Task<DeliveryOutcome> running = step.RunAsync(Entry(Slow, ReplyTo, deadline: _time.GetUtcNow().AddSeconds(5)), 1, slot);
        await started.WaitAsync(TimeSpan.FromSeconds(30)); // a guard: a step that never runs the handler fails instead of hanging
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        DeliveryOutcome outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(DeliveryAction.Acknowledge, outcome.Action);
        Assert.Equal(1, step.DeadlineSkips);
        await service.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_entry_deadline_and_trace_context_reach_the_dispatcher()
    {
        DateTimeOffset deadline = _time.GetUtcNow().AddSeconds(9);
        const string Parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        await Run(new StreamMessage("1-0",
            [new("type", "rpc"), new("envelope", Request), new("reply-to", ReplyTo), new("deadline", deadline.ToUnixTimeMilliseconds()),
            new("traceparent", Parent), new("tracestate", "k=v")]));

        Assert.Equal(deadline, _dispatcher.Last.Deadline);
        Assert.Equal(new TraceHeaders(Parent, "k=v"), _dispatcher.Last.Trace);
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("99999999999999999999999")]
    [InlineData("-99999999999999999")]
    [InlineData("9223372036854775807")]
    public async Task Hostile_deadline_values_never_throw(string deadline)
    {
        DeliveryOutcome outcome = await Run(new StreamMessage("1-0",
            [new("type", "rpc"), new("envelope", Request), new("reply-to", ReplyTo), new("deadline", deadline)]));

        Assert.True(outcome.Action is DeliveryAction.Reply or DeliveryAction.Acknowledge);
    }

    [Fact]
    public async Task Oversized_envelope_is_answered_invalid_request_without_dispatch()
    {
        string big = $$"""{"jsonrpc":"2.0","method":"arith.echoText","params":{"text":"{{new string('x', 300)}}"},"id":"big"}""";

        var arith = new Arith.ArithService();
        await using RpcServerCore core = await StartedCoreAsync(arith, new RpcServerLimits { MaxEnvelopeBytes = 200 });

        DispatchSlot slot = await core.AcquireSlotAsync("arith", CancellationToken.None);
        DeliveryOutcome outcome = await new DeliveryStep(Context(), core).RunAsync(Entry(big, ReplyTo), 1, slot);

        Assert.Equal(DeliveryAction.Reply, outcome.Action);
        Assert.Contains("\"too-large\"", Encoding.UTF8.GetString(outcome.Reply!), StringComparison.Ordinal);
        Assert.Equal(0, arith.Handled);
    }

    [Theory]
    [InlineData("victim:key")]
    [InlineData("app:replies:")]
    [InlineData("other:replies:x")]
    public async Task Reply_to_outside_the_reply_prefix_is_acknowledged_unanswered(string replyTo)
    {
        DeliveryOutcome outcome = await Run(Entry(Request, replyTo));

        Assert.Equal(DeliveryAction.Acknowledge, outcome.Action);
        Assert.Equal(1, _dispatcher.Calls);
    }

    [Fact]
    public async Task Stopping_server_leaves_the_entry_pending()
    {
        _dispatcher.Status = DispatchStatus.NotTaken;

        DeliveryOutcome outcome = await Run(Entry(Request, ReplyTo));

        Assert.Equal(DeliveryAction.LeavePending, outcome.Action);
    }

    [Fact]
    public async Task Dispatcher_that_throws_is_answered_internal_error_and_never_left_pending()
    {
        _dispatcher.Throw = new ArgumentException("writer broke");

        DeliveryOutcome outcome = await Run(Entry(Request, ReplyTo));

        Assert.Equal(DeliveryAction.Reply, outcome.Action);
        Envelope error = Envelope.Parse(outcome.Reply);
        Assert.Equal((RpcErrorCodes.InternalError, "r1"), (error.ErrorCode, error.Id.ToString()));
    }

    private Task<DeliveryOutcome> Run(StreamMessage message, long deliveries = 1) =>
        Step().RunAsync(message, deliveries, DispatchSlot.Unlimited);

    private DeliveryStep Step() => new(Context(), _dispatcher);

    private ConsumerContext Context()
    {
        var options = new RedisRpcServerOptions { KeyPrefix = "app", TimeProvider = _time };
        return new ConsumerContext("arith", options, new RedisConnections(options), NullLogger.Instance, new TransportMetrics(null));
    }

    private async Task<RpcServerCore> StartedCoreAsync(Arith.IArithService service, RpcServerLimits? limits = null)
    {
        var core = new RpcServerCore(new NoTransport(), timeProvider: _time, limits: limits);
        core.RegisterService(Arith.ArithContract.Contract, service);
        await core.StartAsync();
        return core;
    }

    private static StreamMessage Entry(string envelope, string? replyTo, DateTimeOffset? deadline = null)
    {
        var fields = new List<NameValueEntry> { new("type", "rpc"), new("envelope", envelope) };
        if (replyTo is not null)
        {
            fields.Add(new("reply-to", replyTo));
        }

        if (deadline is { } d)
        {
            fields.Add(new("deadline", d.ToUnixTimeMilliseconds()));
        }

        return new StreamMessage("1-0", [.. fields]);
    }

    private sealed class FakeDispatcher : IRpcDispatcher
    {
        public byte[]? Reply { get; set; } = Answer;

        public DispatchStatus Status { get; set; } = DispatchStatus.Completed;

        public Exception? Throw { get; set; }

        public int Calls { get; private set; }

        public IncomingRequest Last { get; private set; }

        public ValueTask<DispatchSlot> AcquireSlotAsync(string service, CancellationToken cancellationToken) => new(DispatchSlot.Unlimited);

        public Task<DispatchResult> DispatchAsync(IncomingRequest request, DispatchSlot slot, CancellationToken cancellationToken) =>
            DispatchAsync(request, cancellationToken);

        public Task<DispatchResult> DispatchAsync(IncomingRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            Last = request;
            return Throw is not null ? throw Throw : Task.FromResult(new DispatchResult(Status, Status == DispatchStatus.Completed ? Reply : null));
        }
    }

    private sealed class NoTransport : IServerTransport
    {
        public void RegisterService(string service, IRpcDispatcher dispatcher)
        {
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
