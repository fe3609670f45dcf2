using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The one classifier of Redis errors: what passes is retried, what does not is reported once.</summary>
public sealed class RedisErrorsTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    [InlineData("MOVED 3999 127.0.0.1:6381")]
    [InlineData("ASK 3999 127.0.0.1:6381")]
    [InlineData("CLUSTERDOWN Hash slot not served")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("READONLY You can't write against a read only replica.")]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'.")]
    [InlineData("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.")]
    public void Server_states_that_pass_are_transient(string message) =>
        Assert.Equal(RedisFailure.Transient, RedisErrors.Classify(Server(message)));

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("NOPERM User limited has no permissions to access the 'app:replies:x' key")]
    [InlineData("ERR syntax error")]
    [InlineData("ERR unknown command 'XFOO', with args beginning with: ")]
    [InlineData("NOAUTH Authentication required.")]
    [InlineData("SOMETHINGNEW we have never seen")]
    public void Refusals_are_permanent(string message) =>
        Assert.Equal(RedisFailure.Permanent, RedisErrors.Classify(Server(message)));

    [Fact]
    public void Missing_group_is_its_own_kind() =>
        Assert.Equal(RedisFailure.NoGroup, RedisErrors.Classify(Server("NOGROUP No such key 'app:cmds:arith' or consumer group 'arith'")));

    [Fact]
    public void Lost_connections_and_timeouts_are_transient()
    {
        Assert.Equal(RedisFailure.Transient,
            RedisErrors.Classify(new RedisConnectionException(ConnectionFailureType.SocketClosed, CommandFlags.None, "closed", null, CommandStatus.Sent)));
        Assert.Equal(RedisFailure.Transient, RedisErrors.Classify(new RedisTimeoutException(CommandFlags.None, "timeout", CommandStatus.Sent)));
        Assert.Equal(RedisFailure.Transient, RedisErrors.Classify(new TimeoutException()));
    }

    private static RedisServerException Server(string message) => new(RedisErrorKind.Unknown, CommandFlags.None, message);

    [Fact]
    public void Bugs_are_permanent() =>
        Assert.Equal(RedisFailure.Permanent, RedisErrors.Classify(new ArgumentException("bad")));
}
