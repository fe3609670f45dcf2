using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

public sealed class PendingCallsTests
{
    [Fact]
    public async Task Reply_completes_the_call_registered_before_the_send()
    {
        var pending = new PendingCalls();

        // The "peer" answers inside send itself: the call must already be registered.
        Envelope reply = await pending.SendAndWaitAsync("a", pending, static p =>
        {
            Assert.True(p.TryComplete("a", Envelope.Parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"n\":1}}"u8.ToArray())));
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal("{\"n\":1}", System.Text.Encoding.UTF8.GetString(reply.Result.Span));
        Assert.Equal(0, pending.Count);
        Assert.False(pending.TryComplete("a", Envelope.Parse("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}"u8.ToArray())));
    }

    [Fact]
    public async Task Failed_send_fails_the_call_as_a_transport_error_with_its_cause()
    {
        var pending = new PendingCalls();

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() =>
            pending.SendAndWaitAsync("a", 0, static _ => Task.FromException(new IOException("socket closed")), CancellationToken.None));

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public async Task Cancellation_and_fail_all_end_waiting_calls()
    {
        var pending = new PendingCalls();
        using var cts = new CancellationTokenSource();
        Task<Envelope> cancelled = pending.SendAndWaitAsync("a", 0, static _ => Task.CompletedTask, cts.Token);
        Task<Envelope> failed = pending.SendAndWaitAsync("b", 0, static _ => Task.CompletedTask, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pending.SendAndWaitAsync("b", 0, static _ => Task.CompletedTask, CancellationToken.None));
        await cts.CancelAsync();
        pending.FailAll(new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, "transport stopped"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal("transport stopped", (await Assert.ThrowsAsync<ClamatorTransportException>(() => failed)).Message);
        Assert.Equal(0, pending.Count);
    }
}
