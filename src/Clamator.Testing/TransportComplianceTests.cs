using System.Text.Json;
using Xunit;

namespace Clamator.Testing;

/// <summary>
/// The transport behaviour suite: written once, run against every transport by a tiny subclass.
/// Every await on a remote effect is guarded by <see cref="Guard"/> so a broken transport fails instead of hanging.
/// A derived class creates the transport's servers and clients (<see cref="NewServer"/>, <see cref="NewClient"/>); the
/// suite serves its own <c>arith</c> and <c>notifications</c> contracts on them, and disposes them after each test.
/// </summary>
public abstract class TransportComplianceTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _owned = [];

    private ObservedArithService Arith { get; } = new();

    private NotificationsService Notifications { get; } = new();

    /// <summary>Creates a server on the transport under test (not started).</summary>
    /// <param name="shutdownGrace">How long a stop waits for running handlers before cancelling them; null: the transport's default.</param>
    /// <param name="limits">The server's concurrency and envelope-size limits; null: the transport's defaults.</param>
    /// <returns>A new server, owned and disposed by the suite.</returns>
    protected abstract IRpcServer NewServer(TimeSpan? shutdownGrace = null, Transport.RpcServerLimits? limits = null);

    /// <summary>Creates a client on the transport under test (not started).</summary>
    /// <param name="defaultTimeout">The timeout of a call that names none; null: the transport's default.</param>
    /// <returns>A new client, owned and disposed by the suite.</returns>
    protected abstract IRpcClient NewClient(TimeSpan? defaultTimeout = null);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes the servers and clients the test created, the last first.</summary>
    /// <returns>A task that completes when they are disposed.</returns>
    public virtual async Task DisposeAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    /// <summary>Creates and starts a server that serves the suite's <c>arith</c> and <c>notifications</c> contracts.</summary>
    /// <param name="shutdownGrace">Passed to <see cref="NewServer"/>.</param>
    /// <returns>The started server, disposed after the test.</returns>
    protected async Task<IRpcServer> StartServerAsync(TimeSpan? shutdownGrace = null)
    {
        IRpcServer server = Own(NewServer(shutdownGrace));
        server.RegisterService(ArithContract.Contract, Arith);
        server.RegisterService(NotificationsContract.Contract, Notifications);
        await server.StartAsync();
        return server;
    }

    /// <summary>Creates and starts a client.</summary>
    /// <param name="defaultTimeout">Passed to <see cref="NewClient"/>.</param>
    /// <returns>The started client, disposed after the test.</returns>
    protected async Task<IRpcClient> StartClientAsync(TimeSpan? defaultTimeout = null)
    {
        IRpcClient client = Own(NewClient(defaultTimeout));
        await client.StartAsync();
        return client;
    }

    /// <summary>Disposes <paramref name="disposable"/> after the test, before what was owned earlier.</summary>
    /// <typeparam name="T">The type of what is owned.</typeparam>
    /// <param name="disposable">A server, client or anything else the test creates.</param>
    /// <returns><paramref name="disposable"/>.</returns>
    protected T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Call returns the handler result.</summary>
    [Fact]
    public async Task Call_returns_the_handler_result()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        AddResult sum = await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }).WaitAsync(Guard);

        Assert.Equal(5, sum.Sum);
    }

    /// <summary>Many concurrent calls are correlated to their own replies.</summary>
    [Fact]
    public async Task Many_concurrent_calls_are_correlated_to_their_own_replies()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        Task<AddResult>[] calls = [.. Enumerable.Range(0, 200).Select(i => client.CallAsync(ArithContract.Add, new AddParams { A = i, B = 1000 }))];
        AddResult[] results = await Task.WhenAll(calls).WaitAsync(Guard);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i + 1000.0), results.Select(r => r.Sum));
    }

    /// <summary>Application error passes through with code and message.</summary>
    [Fact]
    public async Task Application_error_passes_through_with_code_and_message()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(ArithContract.Divide, new DivideParams { A = 1, B = 0 }).WaitAsync(Guard));

        Assert.Equal(-32000, error.Code);
        Assert.Equal("division by zero", error.Message);
    }

    /// <summary>Unknown method answers method not found.</summary>
    [Fact]
    public async Task Unknown_method_answers_method_not_found()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync("arith.pow", Json("{}")).WaitAsync(Guard));

        Assert.Equal(RpcErrorCodes.MethodNotFound, error.Code);
        Assert.Equal("Method not found", error.Message);
        Assert.Equal("""{"method":"arith.pow"}""", error.Data?.GetRawText());
    }

    /// <summary>Invalid params answer minus 32602 with the validation object.</summary>
    [Fact]
    public async Task Invalid_params_answer_minus_32602_with_the_validation_object()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        var error = await Assert.ThrowsAsync<RpcException>(
            () => client.CallAsync("arith.slowAdd", Json("""{"a":1,"b":2,"sleepMs":-1}""")).WaitAsync(Guard));

        Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        Assert.Equal("Invalid params", error.Message);
        JsonElement data = Assert.NotNull(error.Data);
        Assert.Equal("ValidationError", data.GetProperty("name").GetString());
        Assert.Equal("sleepMs", data.GetProperty("errors")[0].GetProperty("path")[0].GetString());
        Assert.Equal(0, Arith.Handled);
    }

    /// <summary>Invalid params are refused by the client before anything is sent.</summary>
    [Fact]
    public async Task Invalid_params_are_refused_by_the_client_before_anything_is_sent()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        var error = await Assert.ThrowsAsync<ClamatorProtocolException>(
            () => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = -5 }).WaitAsync(Guard));

        Assert.Contains("sleepMs", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }).WaitAsync(Guard)).Sum);
        Assert.Equal(1, Arith.Handled);
    }

    /// <summary>Untyped call round trips unicode text.</summary>
    [Fact]
    public async Task Untyped_call_round_trips_unicode_text()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        JsonElement result = await client.CallAsync("arith.echoText", Json("""{"text":"h\u00e9llo ✓"}""")).WaitAsync(Guard);

        Assert.Equal("héllo ✓", result.GetProperty("text").GetString());
    }

    /// <summary>Notification reaches the handler and completes without reply.</summary>
    [Fact]
    public async Task Notification_reaches_the_handler_and_completes_without_reply()
    {
        await StartServerAsync();
        IRpcClient client = await StartClientAsync();
        var received = new TaskCompletionSource<PingParams>(TaskCreationOptions.RunContinuationsAsynchronously);
        Notifications.Pinged += p => received.TrySetResult(p);

        await client.NotifyAsync(NotificationsContract.Ping, new PingParams { Tag = "t1" }).WaitAsync(Guard);

        Assert.Equal("t1", (await received.Task.WaitAsync(Guard)).Tag);
    }

    /// <summary>Generated client calls notifies and takes a per call timeout.</summary>
    [Fact]
    public async Task Generated_client_calls_notifies_and_takes_a_per_call_timeout()
    {
        await StartServerAsync(shutdownGrace: TimeSpan.Zero);
        IRpcClient client = await StartClientAsync();
        var arith = new ArithClient(client);
        var notifications = new NotificationsClient(client);
        var pinged = new TaskCompletionSource<PingParams>(TaskCreationOptions.RunContinuationsAsynchronously);
        Notifications.Pinged += p => pinged.TrySetResult(p);

        Assert.Equal(5, (await arith.AddAsync(new AddParams { A = 2, B = 3 }).WaitAsync(Guard)).Sum);
        Assert.Equal("ünïcode ✓", (await arith.EchoTextAsync(new EchoTextParams { Text = "ünïcode ✓" }).WaitAsync(Guard)).Text);
        await notifications.PingAsync(new PingParams { Tag = "generated" }).WaitAsync(Guard);
        Assert.Equal("generated", (await pinged.Task.WaitAsync(Guard)).Tag);
        var error = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => arith.SlowAddAsync(new SlowAddParams { A = 1, B = 2, SleepMs = 60_000 }, TimeSpan.FromMilliseconds(100)).WaitAsync(Guard));
        Assert.Equal(ClamatorTransportException.CallTimeoutMessage, error.Message);
        Assert.Equal(ClamatorTransportErrorKind.Timeout, error.Kind);
    }

    /// <summary>Call times out with call timeout.</summary>
    [Fact]
    public async Task Call_times_out_with_call_timeout()
    {
        await StartServerAsync(shutdownGrace: TimeSpan.Zero);
        IRpcClient client = await StartClientAsync();

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(
            ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 60_000 }, TimeSpan.FromMilliseconds(100)).WaitAsync(Guard));

        Assert.Equal("call timeout", error.Message);
    }

    /// <summary>Default timeout of the client applies.</summary>
    [Fact]
    public async Task Default_timeout_of_the_client_applies()
    {
        await StartServerAsync(shutdownGrace: TimeSpan.Zero);
        IRpcClient client = await StartClientAsync(defaultTimeout: TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(
            () => client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 60_000 }).WaitAsync(Guard));

        Assert.Equal("call timeout", error.Message);
    }

    /// <summary>Cancelled token ends the call with operation cancelled.</summary>
    [Fact]
    public async Task Cancelled_token_ends_the_call_with_operation_cancelled()
    {
        await StartServerAsync(shutdownGrace: TimeSpan.Zero);
        IRpcClient client = await StartClientAsync();
        using var cts = new CancellationTokenSource();
        Task started = Arith.SlowAddStarted;

        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 60_000 }, cancellationToken: cts.Token);
        await started.WaitAsync(Guard);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Guard));
    }

    /// <summary>Call before start fails with a transport error.</summary>
    [Fact]
    public async Task Call_before_start_fails_with_a_transport_error()
    {
        await StartServerAsync();
        IRpcClient client = Own(NewClient());

        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard));
    }

    /// <summary>Stop fails pending calls with transport stopped and later calls fail.</summary>
    [Fact]
    public async Task Stop_fails_pending_calls_with_transport_stopped_and_later_calls_fail()
    {
        await StartServerAsync(shutdownGrace: TimeSpan.Zero);
        IRpcClient client = await StartClientAsync();
        Task started = Arith.SlowAddStarted;
        Task<SlowAddResult> pending = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 60_000 });
        await started.WaitAsync(Guard);

        await client.StopAsync().WaitAsync(Guard);

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => pending.WaitAsync(Guard));
        Assert.Equal("transport stopped", error.Message);
        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard));
    }

    /// <summary>Server stop drains a running handler and its reply is delivered.</summary>
    [Fact]
    public async Task Server_stop_drains_a_running_handler_and_its_reply_is_delivered()
    {
        IRpcServer server = await StartServerAsync(shutdownGrace: TimeSpan.FromSeconds(20));
        IRpcClient client = await StartClientAsync();
        Task started = Arith.SlowAddStarted;
        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 4, B = 5, SleepMs = 300 });
        await started.WaitAsync(Guard);

        await server.StopAsync().WaitAsync(Guard);

        Assert.Equal(1, Arith.SlowAddsFinished);
        Assert.Equal(9, (await call.WaitAsync(Guard)).Sum);
        Assert.False(Arith.HandlerCancelled.Task.IsCompleted);
    }

    /// <summary>Server stop cancels handlers still running after the grace period.</summary>
    [Fact]
    public async Task Server_stop_cancels_handlers_still_running_after_the_grace_period()
    {
        IRpcServer server = await StartServerAsync(shutdownGrace: TimeSpan.FromMilliseconds(50));
        IRpcClient client = await StartClientAsync();
        Task started = Arith.SlowAddStarted;
        Task<SlowAddResult> call = client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 60_000 }, TimeSpan.FromSeconds(2));
        await started.WaitAsync(Guard);

        await server.StopAsync().WaitAsync(Guard);

        await Arith.HandlerCancelled.Task.WaitAsync(Guard);
        await Assert.ThrowsAsync<ClamatorTransportException>(() => call.WaitAsync(Guard));
    }

    /// <summary>With MaxConcurrency 1 a services requests run one at a time and all are answered.</summary>
    [Fact]
    public async Task With_MaxConcurrency_1_a_services_requests_run_one_at_a_time_and_all_are_answered()
    {
        var probe = new ConcurrencyProbe();
        IRpcServer server = Own(NewServer(limits: new Transport.RpcServerLimits { MaxConcurrency = 1 }));
        server.RegisterService(ArithContract.Contract, probe);
        await server.StartAsync();
        IRpcClient client = await StartClientAsync();

        SlowAddResult[] results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = i, B = 1, SleepMs = 20 }))).WaitAsync(Guard);

        Assert.Equal(Enumerable.Range(1, 6).Select(i => (double)i), results.Select(r => r.Sum));
        Assert.Equal(1, probe.MostAtOnce);
    }

    /// <summary>An envelope over MaxEnvelopeBytes is answered invalid request too large and never run.</summary>
    [Fact]
    public async Task An_envelope_over_MaxEnvelopeBytes_is_answered_invalid_request_too_large_and_never_run()
    {
        IRpcServer server = Own(NewServer(limits: new Transport.RpcServerLimits { MaxEnvelopeBytes = 200 }));
        server.RegisterService(ArithContract.Contract, Arith);
        await server.StartAsync();
        IRpcClient client = await StartClientAsync();

        RpcException refused = await Assert.ThrowsAsync<RpcException>(() =>
            client.CallAsync(ArithContract.EchoText, new EchoTextParams { Text = new string('x', 300) }).WaitAsync(Guard));

        Assert.Equal(RpcErrorCodes.InvalidRequest, refused.Code);
        Assert.Contains("too-large", refused.Data?.GetRawText() ?? "", StringComparison.Ordinal);
        Assert.Equal(0, Arith.Handled);
        Assert.Equal("x", (await client.CallAsync(ArithContract.EchoText, new EchoTextParams { Text = "x" }).WaitAsync(Guard)).Text);
    }

    /// <summary>Registering a service twice throws.</summary>
    [Fact]
    public async Task Registering_a_service_twice_throws()
    {
        IRpcServer server = Own(NewServer());
        server.RegisterService(ArithContract.Contract, Arith);

        Assert.Throws<InvalidOperationException>(() => server.RegisterService(ArithContract.Contract, new ArithService()));
    }

    /// <summary>Registering after start throws.</summary>
    [Fact]
    public async Task Registering_after_start_throws()
    {
        IRpcServer server = await StartServerAsync();

        var error = Assert.Throws<InvalidOperationException>(() => server.RegisterService(ArithContract.Contract, new ArithService()));
        Assert.Contains("already started", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Stop is idempotent for server and client.</summary>
    [Fact]
    public async Task Stop_is_idempotent_for_server_and_client()
    {
        IRpcServer server = await StartServerAsync();
        IRpcClient client = await StartClientAsync();

        await client.StopAsync().WaitAsync(Guard);
        await client.StopAsync().WaitAsync(Guard);
        await server.StopAsync().WaitAsync(Guard);
        await server.StopAsync().WaitAsync(Guard);
    }

    /// <summary>Parses <paramref name="json"/> into an element that outlives its document (untyped params).</summary>
    /// <param name="json">A JSON text.</param>
    /// <returns>The parsed element.</returns>
    protected static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Arith whose slowAdd records how many of its handlers ran at once.</summary>
    private sealed class ConcurrencyProbe : IArithService
    {
        private readonly ArithService _inner = new();
        private int _running;
        private int _mostAtOnce;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public async Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _running);
            int seen;
            while (now > (seen = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, now, seen) != seen)
            {
            }

            try
            {
                return await _inner.SlowAddAsync(p, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken) => _inner.AddAsync(p, cancellationToken);

        public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken) => _inner.DivideAsync(p, cancellationToken);

        public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken) => _inner.EchoTextAsync(p, cancellationToken);
    }
}
