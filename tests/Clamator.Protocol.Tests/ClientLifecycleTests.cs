using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>The client's lifecycle, kept by the core: what the transport sees of starts, stops and calls out of turn.</summary>
public sealed class ClientLifecycleTests
{
    private static readonly AddParams OnePlusTwo = new() { A = 1, B = 2 };

    [Fact]
    public async Task Calls_before_the_start_and_after_the_stop_are_refused_without_reaching_the_transport()
    {
        var transport = new CountingTransport();
        await using var client = new RpcClientCore(transport);

        var early = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, OnePlusTwo));
        var earlyNote = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.NotifyAsync(NotificationsContract.Ping, new PingParams()));
        await client.StartAsync();
        await client.StopAsync();
        var late = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, OnePlusTwo));

        Assert.Equal((ClamatorTransportErrorKind.Stopped, ClamatorTransportException.NotStartedMessage), (early.Kind, early.Message));
        Assert.Equal((ClamatorTransportErrorKind.Stopped, ClamatorTransportException.NotStartedMessage), (earlyNote.Kind, earlyNote.Message));
        Assert.Equal((ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage), (late.Kind, late.Message));
        Assert.Equal(0, transport.Sent);
    }

    [Fact]
    public async Task The_transport_starts_once_stops_once_and_is_disposed_once()
    {
        var transport = new CountingTransport();
        var client = new RpcClientCore(transport);

        await client.StartAsync();
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync());
        await Task.WhenAll(client.StopAsync(), client.StopAsync());
        var afterStop = await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync());
        await client.DisposeAsync();
        await client.DisposeAsync();

        Assert.Equal("The client has already started.", again.Message);
        Assert.Equal("The client has been stopped; create a new one.", afterStop.Message);
        Assert.Equal((1, 1, 1), (transport.Starts, transport.Stops, transport.Disposals));
    }

    [Fact]
    public async Task A_failed_start_stops_the_transport_and_the_client()
    {
        var transport = new CountingTransport { StartFailure = new IOException("no route") };
        await using var client = new RpcClientCore(transport);

        await Assert.ThrowsAsync<IOException>(() => client.StartAsync());
        var call = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, OnePlusTwo));

        Assert.Equal(ClamatorTransportException.StoppedMessage, call.Message);
        Assert.Equal(1, transport.Stops);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync());
    }

    [Fact]
    public async Task Stop_fails_the_waiting_calls_as_stopped()
    {
        var transport = new CountingTransport();
        await using var client = new RpcClientCore(transport);
        await client.StartAsync();
        Task<AddResult> waiting = client.CallAsync(ArithContract.Add, OnePlusTwo);

        await client.StopAsync();

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => waiting);
        Assert.Equal((ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage), (error.Kind, error.Message));
        Assert.Equal(1, transport.Sent);
    }

    [Fact]
    public async Task Interceptors_are_refused_once_the_client_has_started()
    {
        await using var client = new RpcClientCore(new CountingTransport());
        await client.StartAsync();

        var error = Assert.Throws<InvalidOperationException>(() => client.AddInterceptor(new PassThrough()));

        Assert.Contains("already started", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A transport that never answers, counting what the core asks of it.</summary>
    private sealed class CountingTransport : IClientTransport
    {
        private readonly PendingCalls<PendingCall> _calls = new();

        public Exception? StartFailure { get; init; }

        public int Starts { get; private set; }

        public int Stops { get; private set; }

        public int Disposals { get; private set; }

        public int Sent { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Starts++;
            return StartFailure is null ? Task.CompletedTask : Task.FromException(StartFailure);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stops++;
            _calls.Close();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }

        public ValueTask<Envelope> SendAsync(OutgoingCall call, CancellationToken cancellationToken)
        {
            Sent++;
            return _calls.Add(new PendingCall(call.Id), cancellationToken).Reply;
        }

        public Task NotifyAsync(string service, ReadOnlyMemory<byte> envelope, TraceHeaders trace, CancellationToken cancellationToken)
        {
            Sent++;
            return Task.CompletedTask;
        }
    }

    private sealed class PassThrough : IRpcInterceptor
    {
        public ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next) => next(context);
    }
}
