using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Start-up against a Redis that is not there, or that refuses the credentials: a direct start fails when the OS or Redis
/// says why, in one line; with <see cref="RedisTransportOptions.WaitForRedis"/> it waits and starts once Redis answers.
/// </summary>
public sealed class StartupTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Server_start_with_redis_down_fails_with_ConnectionFailed_in_one_line_naming_the_endpoint_and_the_cause()
    {
        int port = RedisServerProcess.FreePort();
        await using var server = new RedisRpcServer(new RedisRpcServerOptions { Url = $"redis://127.0.0.1:{port}", KeyPrefix = "s" });
        server.RegisterService(ArithContract.Contract, new ArithService());

        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => server.StartAsync().WaitAsync(Guard));

        Assert.Equal(ClamatorTransportErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal($"Cannot reach Redis at 127.0.0.1:{port}: connection refused. Check that Redis runs there and the URL (REDIS_URL).", failure.Message);
        Assert.NotNull(failure.InnerException);
    }

    [Fact]
    public async Task Client_start_with_redis_down_fails_with_ConnectionFailed_in_one_line_naming_the_endpoint_and_the_cause()
    {
        int port = RedisServerProcess.FreePort();
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://127.0.0.1:{port}", KeyPrefix = "s" });

        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.StartAsync().WaitAsync(Guard));

        Assert.Equal(ClamatorTransportErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal($"Cannot reach Redis at 127.0.0.1:{port}: connection refused. Check that Redis runs there and the URL (REDIS_URL).", failure.Message);
    }

    [Fact]
    public async Task Start_with_an_unknown_host_fails_with_ConnectionFailed_saying_host_not_found()
    {
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = "redis://no-such-host.invalid:6379", KeyPrefix = "s" });

        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.StartAsync().WaitAsync(Guard));

        Assert.Equal(ClamatorTransportErrorKind.ConnectionFailed, failure.Kind);
        Assert.Equal("Cannot reach Redis at no-such-host.invalid:6379: host not found. Check the host name in the URL (REDIS_URL).", failure.Message);
    }

    [Fact]
    public async Task A_wrong_user_and_password_fail_with_AuthenticationFailed_instead_of_connecting_silently_as_default()
    {
        // The default user has no password: StackExchange.Redis alone carries on as `default` after WRONGPASS.
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await AclSetUserAsync(redis, "ops", "s3cret");
        string url = $"redis://ops:not-the-password@127.0.0.1:{redis.Port}";
        await using var server = new RedisRpcServer(new RedisRpcServerOptions { Url = url, KeyPrefix = "a" });
        server.RegisterService(ArithContract.Contract, new ArithService());
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = url, KeyPrefix = "a" });

        foreach (Func<Task> start in new Func<Task>[] { () => server.StartAsync(), () => client.StartAsync() })
        {
            var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => start().WaitAsync(Guard));
            Assert.Equal(ClamatorTransportErrorKind.AuthenticationFailed, failure.Kind);
            Assert.Equal($"Redis at 127.0.0.1:{redis.Port} refused the credentials of user 'ops' (WRONGPASS). Check the user and password in the URL.",
                failure.Message);
            Assert.DoesNotContain("not-the-password", failure.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_right_user_and_password_connect_as_that_user()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        await AclSetUserAsync(redis, "ops", "s3cret");
        string url = $"redis://ops:s3cret@127.0.0.1:{redis.Port}";
        var logs = new CapturedLogs();
        await using var server = new RedisRpcServer(new RedisRpcServerOptions { Url = url, KeyPrefix = "u", InstanceId = "w1", LoggerFactory = logs });
        server.RegisterService(ArithContract.Contract, new ArithService());
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = url, KeyPrefix = "u" });
        await server.StartAsync().WaitAsync(Guard);
        await client.StartAsync().WaitAsync(Guard);

        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard)).Sum);

        // The start-up line names the URL without its password, the prefix, the instance, the services and the limits.
        CapturedLogs.Entry started = Assert.Single(logs.WithId(2055));
        Assert.StartsWith($"Redis server started: redis://ops:***@127.0.0.1:{redis.Port}, key prefix u, instance w1, services arith; MaxConcurrency 1, ",
            started.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("s3cret", StringComparison.Ordinal));

        // Every connection but this one (the shared ones and the blocking readers) is user ops.
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true,name=test-admin");
        string clients = (string)(await admin.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!;
        string[] others = [.. clients.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(
            l => !l.Contains(" name=test-admin ", StringComparison.Ordinal))];
        Assert.NotEmpty(others);
        Assert.All(others, line => Assert.Contains(" user=ops ", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_password_only_url_works_and_a_wrong_one_fails_with_AuthenticationFailed()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync("--requirepass", "s3cret");
        await using var good = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://:s3cret@127.0.0.1:{redis.Port}", KeyPrefix = "p" });
        await good.StartAsync().WaitAsync(Guard);
        await good.PingAsync().WaitAsync(Guard);

        await using var shorthand = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://s3cret@127.0.0.1:{redis.Port}", KeyPrefix = "p" });
        await shorthand.StartAsync().WaitAsync(Guard);

        await using var wrong = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://:nope@127.0.0.1:{redis.Port}", KeyPrefix = "p" });
        var failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => wrong.StartAsync().WaitAsync(Guard));
        Assert.True(ClamatorTransportErrorKind.AuthenticationFailed == failure.Kind, failure.ToString());
        Assert.Matches($@"^Redis at 127\.0\.0\.1:{redis.Port} refused the password \((NOAUTH|WRONGPASS)\)\. Check the password in the URL\.$", failure.Message);
        Assert.DoesNotContain("nope", failure.Message, StringComparison.Ordinal);

        await using var none = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://127.0.0.1:{redis.Port}", KeyPrefix = "p" });
        failure = await Assert.ThrowsAsync<ClamatorTransportException>(() => none.StartAsync().WaitAsync(Guard));
        Assert.Equal(ClamatorTransportErrorKind.AuthenticationFailed, failure.Kind);
        Assert.Contains("requires a password (NOAUTH)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_WaitForRedis_a_start_waits_until_redis_comes_up_and_calls_meanwhile_fail_at_once_with_ConnectionFailed()
    {
        int port = RedisServerProcess.FreePort();
        string url = $"redis://127.0.0.1:{port}";
        var logs = new CapturedLogs();
        await using var server = new RedisRpcServer(new RedisRpcServerOptions
        {
            Url = url, KeyPrefix = "w", WaitForRedis = true, MaxRetryDelay = TimeSpan.FromMilliseconds(200), LoggerFactory = logs,
        });
        server.RegisterService(ArithContract.Contract, new ArithService());
        await using var client = new RedisRpcClient(new RedisRpcClientOptions
        {
            Url = url, KeyPrefix = "w", WaitForRedis = true, MaxRetryDelay = TimeSpan.FromMilliseconds(200), LoggerFactory = logs,
        });
        Task serverStarted = server.StartAsync();
        Task clientStarted = client.StartAsync();

        await client.Startup.FirstAttempt.WaitAsync(Guard);
        var early = await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }));
        Assert.Equal(ClamatorTransportErrorKind.ConnectionFailed, early.Kind);
        Assert.Contains($"127.0.0.1:{port}: connection refused", early.Message, StringComparison.Ordinal);

        // A few retries, then Redis comes.
        await Eventually.UntilAsync(() => Task.FromResult(logs.WithId(2053).Count >= 4), Guard);
        Assert.False(serverStarted.IsCompleted);
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync(port);
        await Task.WhenAll(serverStarted, clientStarted).WaitAsync(Guard);

        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard)).Sum);
        Assert.Equal(2, logs.WithId(2052).Count);  // one warning each for the server and the client
        Assert.Equal(2, logs.WithId(2054).Count);  // one "reached Redis after …" each
        Assert.All(logs.WithId(2054), e =>
            Assert.Matches(@"^The Redis (server|client) reached Redis at 127\.0\.0\.1:\d+ after \d+\.\d s, \d+ retries$", e.Message));
    }

    [Fact]
    public async Task A_start_waiting_for_redis_ends_when_its_token_is_cancelled_or_the_server_is_stopped()
    {
        int port = RedisServerProcess.FreePort();
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = $"redis://127.0.0.1:{port}", KeyPrefix = "c", WaitForRedis = true });
        using var cancel = new CancellationTokenSource();
        Task started = client.StartAsync(cancel.Token);
        await client.Startup.FirstAttempt.WaitAsync(Guard);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => started.WaitAsync(Guard));

        await using var server = new RedisRpcServer(new RedisRpcServerOptions { Url = $"redis://127.0.0.1:{port}", KeyPrefix = "c", WaitForRedis = true });
        server.RegisterService(ArithContract.Contract, new ArithService());
        Task serving = server.StartAsync();
        await server.Startup.FirstAttempt.WaitAsync(Guard);
        await server.StopAsync().WaitAsync(Guard);
        await Assert.ThrowsAnyAsync<Exception>(() => serving.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_redis_outage_logs_one_warning_per_failing_loop_and_one_recovery_line_each()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        var logs = new CapturedLogs();
        await using var server = new RedisRpcServer(new RedisRpcServerOptions
        {
            Url = redis.Url, KeyPrefix = "o", MaxRetryDelay = TimeSpan.FromMilliseconds(200), BlockTime = TimeSpan.FromMilliseconds(500), LoggerFactory = logs,
        });
        server.RegisterService(ArithContract.Contract, new ArithService());
        await using var client = new RedisRpcClient(new RedisRpcClientOptions
        {
            Url = redis.Url, KeyPrefix = "o", MaxRetryDelay = TimeSpan.FromMilliseconds(200), BlockTime = TimeSpan.FromMilliseconds(500), LoggerFactory = logs,
        });
        await server.StartAsync().WaitAsync(Guard);
        await client.StartAsync().WaitAsync(Guard);
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard)).Sum);
        Assert.Single(logs.WithId(2055)); // "Redis server started: …"
        Assert.Single(logs.WithId(2056)); // "Redis client started: …"

        await redis.StopAsync();

        // The read loop (server) and the reply loop (client) fail, then retry many times, quietly.
        await Eventually.UntilAsync(
            () => Task.FromResult(Loops(logs, 2001)), l => l.Contains("read") && l.Contains("reply"), Guard, l => string.Join(",", l));
        await Eventually.UntilAsync(() => Task.FromResult(logs.WithId(2050).Count >= 10), Guard);
        await redis.RestartAsync();

        await Eventually.UntilAsync(
            () => Task.FromResult((Warned: Loops(logs, 2001), Recovered: Loops(logs, 2051))),
            l => l.Warned.Order().SequenceEqual(l.Recovered.Order()),
            Guard,
            l => $"warned {string.Join(",", l.Warned)}; recovered {string.Join(",", l.Recovered)}");
        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 }).WaitAsync(Guard)).Sum);

        // Exactly one warning and one recovery line per loop and key; the warning carries the exception.
        Assert.All(logs.WithId(2001).GroupBy(e => e.Message), g => Assert.Single(g));
        Assert.All(logs.WithId(2051).GroupBy(e => e.Message.Split(" recovered ")[0]), g => Assert.Single(g));
        Assert.All(logs.WithId(2001), e => Assert.NotNull(e.Exception));
        Assert.All(logs.WithId(2050), e => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, e.Level));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.EventId is not (2001 or 2002));
    }

    /// <summary>The loops named by the events with <paramref name="eventId"/> (their messages start "… the {loop} loop of {key}").</summary>
    private static List<string> Loops(CapturedLogs logs, int eventId) =>
        [.. logs.WithId(eventId).Select(
        e => System.Text.RegularExpressions.Regex.Match(
        e.Message, @"the (.+?) loop of", System.Text.RegularExpressions.RegexOptions.IgnoreCase).Groups[1].Value)];

    private static async Task AclSetUserAsync(RedisServerProcess redis, string user, string password)
    {
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "on", ">" + password, "~*", "&*", "+@all");
    }
}
