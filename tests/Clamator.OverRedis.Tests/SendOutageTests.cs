using Clamator.OverRedis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>A client's failing sends are logged as one outage: one warning, Debug per retried send, one recovery line.</summary>
public sealed class SendOutageTests
{
    [Fact]
    public void An_outage_of_many_failing_sends_logs_one_warning_then_Debug_then_one_recovery_line_with_its_length()
    {
        // Regression: every call retried during an outage logged its own warning with its exception.
        var logs = new CapturedLogs();
        var time = new FakeTimeProvider();
        var outage = new SendOutage("app:cmds:*", logs.CreateLogger("client"), time);
        var cut = new RedisConnectionException(
            ConnectionFailureType.SocketFailure, CommandFlags.None, "SocketFailure on 127.0.0.1:6379/Interactive, Idle/Faulted, last: XADD", null,
            CommandStatus.Unknown);

        outage.Succeeded(); // nothing failing: nothing logged
        for (int i = 0; i < 30; i++)
        {
            outage.Failed(cut);
        }

        time.Advance(TimeSpan.FromSeconds(12.4));
        outage.Succeeded();
        outage.Succeeded();

        Assert.Single(logs.WithId(2018));
        Assert.Same(cut, logs.WithId(2018)[0].Exception);
        Assert.Equal(29, logs.WithId(2058).Count);
        Assert.All(logs.WithId(2058), e => Assert.Equal(LogLevel.Debug, e.Level));
        var recovered = Assert.Single(logs.WithId(2059));
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.Equal("Sending to app:cmds:* recovered after 12.4 s, 30 sends retried", recovered.Message);

        outage.Failed(cut); // the next outage warns again
        Assert.Equal(2, logs.WithId(2018).Count);
    }
}
