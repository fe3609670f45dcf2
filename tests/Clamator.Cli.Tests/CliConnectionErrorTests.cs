using System.Net;
using System.Net.Sockets;
using Clamator.Cli;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// What <c>clamator</c> says when it cannot connect, on a redis-server of its own that wants a password: which of
/// refused, host not found, no answer and authentication failed, in one line, with the endpoint and no password.
/// </summary>
public sealed class CliConnectionErrorTests : IAsyncLifetime
{
    private const string Password = "s3cret-pw";
    private const string Prefix = "conn";
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync("--requirepass", Password);
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port},password={Password}");
        IDatabase db = admin.GetDatabase();
        await db.ExecuteAsync("ACL", "SETUSER", "ops", "on", $">{Password}", "~*", "+@all");
        await db.StreamAddAsync($"{Prefix}:cmds:arith", "type", "rpc");
        await db.StreamCreateConsumerGroupAsync($"{Prefix}:cmds:arith", "arith", "0");
    }

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_refused_port_says_connection_refused()
    {
        int port = RedisServerProcess.FreePort();

        string line = await FailAsync($"redis://ops:{Password}@127.0.0.1:{port}");

        Assert.Equal($"clamator: cannot connect to Redis at 127.0.0.1:{port}: connection refused. Check that Redis runs there, and --url or $REDIS_URL.", line);
    }

    [Fact]
    public async Task An_unknown_host_says_host_not_found()
    {
        // .invalid never resolves (RFC 2606).
        string line = await FailAsync("redis://redis.clamator.invalid:6379");

        Assert.Equal("clamator: cannot connect to Redis at redis.clamator.invalid:6379: host not found. Check the host name in --url or $REDIS_URL.", line);
    }

    [Fact]
    public async Task A_port_that_accepts_but_never_answers_says_no_redis_handshake_completed()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;

        string line = await FailAsync($"redis://127.0.0.1:{port}");

        Assert.StartsWith($"clamator: cannot connect to Redis at 127.0.0.1:{port}: the port accepts connections but no Redis handshake completed.", line,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_says_the_credentials_were_refused_and_names_the_user_not_the_password()
    {
        string wrong = await FailAsync($"redis://ops:not-{Password}@127.0.0.1:{_redis.Port}");
        string unknownUser = await FailAsync($"redis://nobody:{Password}x@127.0.0.1:{_redis.Port}");
        string none = await FailAsync($"redis://127.0.0.1:{_redis.Port}");

        Assert.Equal($"clamator: Redis at 127.0.0.1:{_redis.Port} refused the credentials of user 'ops' (WRONGPASS). Check the user and password in --url or " +
            $"$REDIS_URL.", wrong);
        Assert.Equal($"clamator: Redis at 127.0.0.1:{_redis.Port} refused the credentials of user 'nobody' (WRONGPASS). Check the user and password in --url " +
            $"or $REDIS_URL.", unknownUser);
        Assert.Equal($"clamator: Redis at 127.0.0.1:{_redis.Port} requires a password (NOAUTH) and the URL gives none. Put the user and password in --url or " +
            $"$REDIS_URL.", none);
    }

    [Fact]
    public async Task The_right_credentials_connect()
    {
        var (code, output, error) = await CliHarness.RunAsync(
            "inspect", "--json", "--url", $"redis://ops:{Password}@127.0.0.1:{_redis.Port}", "--prefix", Prefix);

        Assert.True(code == 0, error);
        Assert.Contains("\"service\": \"arith\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, "Refused")]
    [InlineData(SocketError.HostNotFound, "HostNotFound")]
    [InlineData(SocketError.TryAgain, "HostNotFound")]
    [InlineData(SocketError.NetworkUnreachable, "Unreachable")]
    [InlineData(SocketError.HostUnreachable, "Unreachable")]
    [InlineData(SocketError.TimedOut, "TimedOut")]
    [InlineData(SocketError.AccessDenied, "Failed")]
    public void The_operating_system_answer_names_the_outcome(SocketError error, string outcome) =>
        Assert.Equal(outcome, ConnectionProbe.Outcome(error).ToString());

    [Fact]
    public void A_timed_out_connection_says_timed_out_with_the_timeout()
    {
        string message = ConnectionFailure.Describe(
            new DnsEndPoint("redis.example", 6380), null, ClamatorTransportErrorKind.ConnectionFailed, ProbeOutcome.TimedOut, TimeSpan.FromSeconds(5), null);

        Assert.Equal("cannot connect to Redis at redis.example:6380: timed out after 5 s without an answer. Check the host and port in --url or $REDIS_URL, " +
            "and firewalls.", message);
    }

    /// <summary>Runs <c>inspect</c> against <paramref name="url"/>: it must fail with exit code 3 and one line on stderr without the password.</summary>
    private static async Task<string> FailAsync(string url)
    {
        var (code, output, error) = await CliHarness.RunAsync("inspect", "--url", url, "--prefix", Prefix);

        Assert.Equal((3, string.Empty), (code, output));
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
        Assert.True(line.Length < 200, line);
        return line;
    }
}
