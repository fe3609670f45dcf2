using System.Text;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

public sealed class PendingCallsTests
{
    private static Envelope Reply(string id) => Envelope.Parse(Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":"{{{id}}}","result":{"n":1}}"""));

    [Fact]
    public async Task A_reply_ends_the_call_with_its_id_once_and_the_call_leaves()
    {
        var calls = new PendingCalls<PendingCall>();
        PendingCall call = calls.Add(new PendingCall("a"), CancellationToken.None);

        Assert.False(calls.TryComplete(Reply("b")));
        Assert.True(calls.TryComplete(Reply("a")));

        Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString((await call.Reply).Result.Span));
        Assert.Equal(0, calls.Count);
        Assert.False(calls.TryComplete(Reply("a")));
        Assert.False(call.TryFail(new InvalidOperationException()));
    }

    [Fact]
    public async Task A_second_call_with_the_same_id_is_refused()
    {
        var calls = new PendingCalls<PendingCall>();
        PendingCall first = calls.Add(new PendingCall("a"), CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => calls.Add(new PendingCall("a"), CancellationToken.None));
        Assert.True(calls.TryComplete(Reply("a")));
        await first.Reply;
    }

    [Fact]
    public async Task Cancelling_its_token_abandons_a_call_and_an_already_cancelled_one_ends_on_add()
    {
        var calls = new PendingCalls<PendingCall>();
        using var cts = new CancellationTokenSource();
        PendingCall waiting = calls.Add(new PendingCall("a"), cts.Token);
        PendingCall late = calls.Add(new PendingCall("b"), new CancellationToken(canceled: true));

        Assert.True(late.HasEnded);
        Assert.False(waiting.HasEnded);
        Assert.Equal(cts.Token, waiting.Abandoned);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting.Reply);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await late.Reply);
        Assert.Equal(0, calls.Count);
    }

    [Fact]
    public async Task Close_fails_the_waiting_calls_and_every_later_one_as_stopped()
    {
        var calls = new PendingCalls<PendingCall>();
        PendingCall waiting = calls.Add(new PendingCall("a"), CancellationToken.None);

        calls.Close();
        PendingCall later = calls.Add(new PendingCall("b"), CancellationToken.None);

        Assert.True(calls.IsClosed);
        Assert.True(later.HasEnded);
        foreach (PendingCall call in new[] { waiting, later })
        {
            var error = await Assert.ThrowsAsync<ClamatorTransportException>(async () => await call.Reply);
            Assert.Equal(ClamatorTransportErrorKind.Stopped, error.Kind);
            Assert.Equal(ClamatorTransportException.StoppedMessage, error.Message);
        }

        Assert.Equal(0, calls.Count);
    }

    [Fact]
    public async Task A_transports_own_call_type_is_enumerated_as_itself()
    {
        var calls = new PendingCalls<TaggedCall>();
        TaggedCall call = calls.Add(new TaggedCall("a", "stream-1"), CancellationToken.None);

        Assert.Equal(["stream-1"], calls.Select(c => c.Tag));
        Assert.True(call.TryFail(new IOException("gone")));
        Assert.Empty(calls);
        await Assert.ThrowsAsync<IOException>(async () => await call.Reply);
    }

    private sealed class TaggedCall(string id, string tag) : PendingCall(id)
    {
        public string Tag { get; } = tag;
    }
}
