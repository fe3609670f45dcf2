using Clamator.OverRedis;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

public sealed class RedisOptionsTests
{
    [Fact]
    public async Task Options_set_after_the_server_or_client_is_made_change_neither()
    {
        var serverOptions = new RedisRpcServerOptions { KeyPrefix = "before", MaxConcurrency = 2 };
        var clientOptions = new RedisRpcClientOptions { KeyPrefix = "before", DefaultTimeout = TimeSpan.FromSeconds(2) };
        await using var server = new RedisRpcServer(serverOptions);
        await using var client = new RedisRpcClient(clientOptions);

        serverOptions.KeyPrefix = clientOptions.KeyPrefix = "after";
        serverOptions.MaxConcurrency = 0;
        clientOptions.DefaultTimeout = TimeSpan.Zero;

        Assert.Equal(("before", 2), (server.Options.KeyPrefix, server.Options.MaxConcurrency));
        Assert.Equal(("before", TimeSpan.FromSeconds(2)), (client.Options.KeyPrefix, client.Options.DefaultTimeout));
    }

    [Fact]
    public void Url_with_user_password_port_and_db_is_parsed()
    {
        ConfigurationOptions options = RedisUrl.Parse("redis://alice:s%40cret@cache.internal:6380/3");

        Assert.Equal("alice", options.User);
        Assert.Equal("s@cret", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.Equal("cache.internal:6380", options.EndPoints.Single().ToString()!.Replace("Unspecified/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Rediss_url_enables_tls_and_defaults_the_port()
    {
        ConfigurationOptions options = RedisUrl.Parse("rediss://:pw@secure.example");

        Assert.True(options.Ssl);
        Assert.Null(options.User);
        Assert.Equal("pw", options.Password);
        Assert.EndsWith(":6379", options.EndPoints.Single().ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("localhost:6379")]
    [InlineData("redis://host/notadb")]
    public void Invalid_urls_are_rejected(string url) => Assert.Throws<ArgumentException>(() => RedisUrl.Parse(url));

    [Fact]
    public void Password_is_not_echoed_in_errors()
    {
        var error = Assert.Throws<ArgumentException>(() => RedisUrl.Parse("redis://u:topsecret@host/x"));
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_a_url_and_a_connection_at_once_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisRpcClient(new RedisRpcClientOptions
        {
            KeyPrefix = "x",
            Url = "redis://localhost",
            Configuration = new ConfigurationOptions(),
        }));
        Assert.Contains("at most one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_prefix_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new RedisRpcServer(new RedisRpcServerOptions { KeyPrefix = " " }));

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    public void Non_positive_sizes_are_rejected(int batch, int concurrency, int maxBytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisRpcServer(new RedisRpcServerOptions
        {
            KeyPrefix = "x",
            BatchSize = batch,
            MaxConcurrency = concurrency,
            MaxEnvelopeBytes = maxBytes,
        }));

    [Fact]
    public void Defaults_follow_the_wire_spec()
    {
        var server = new RedisRpcServerOptions { KeyPrefix = "x" };
        var client = new RedisRpcClientOptions { KeyPrefix = "x" };

        Assert.Equal(1024, server.ReplyStreamMaxLength);
        Assert.Equal(TimeSpan.FromSeconds(60), server.ConsumerClaimIdle);
        Assert.Equal(TimeSpan.FromSeconds(15), LeaseSchedule.For(server).Reclaim);
        Assert.Equal(TimeSpan.FromSeconds(15), LeaseSchedule.For(server).KeepAlive);
        Assert.Equal(TimeSpan.FromHours(1), server.ConsumerPruneIdle);
        Assert.Equal(TimeSpan.FromMinutes(10), server.ReplyStreamTtl);
        Assert.Equal(TimeSpan.FromSeconds(5), server.ShutdownGrace);
        Assert.Equal(1, server.MaxConcurrency);
        Assert.Equal(1024 * 1024, server.MaxEnvelopeBytes);
        Assert.Equal(5, server.MaxDeliveries);
        Assert.Equal(TimeSpan.FromSeconds(30), client.DefaultTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), client.ReplyStreamTtl);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", client.InstanceId);
    }

    [Fact]
    public async Task Unreachable_redis_fails_start_with_a_transport_exception()
    {
        await using var client = new RedisRpcClient(new RedisRpcClientOptions
        {
            KeyPrefix = "x",
            Configuration = ConfigurationOptions.Parse("127.0.0.1:1,connectTimeout=200,asyncTimeout=500,abortConnect=false"),
        });

        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.StartAsync());
        await Assert.ThrowsAsync<ClamatorTransportException>(() => client.CallAsync("arith.add", default));
    }

    [Fact]
    public async Task Unreachable_redis_fails_server_start_and_the_server_is_released()
    {
        await using var server = new RedisRpcServer(new RedisRpcServerOptions
        {
            KeyPrefix = "x",
            Configuration = ConfigurationOptions.Parse("127.0.0.1:1,connectTimeout=200,asyncTimeout=500,abortConnect=false"),
        });
        server.RegisterService(Arith.ArithContract.Contract, new Arith.ArithService());

        await Assert.ThrowsAsync<ClamatorTransportException>(() => server.StartAsync());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
        Assert.Contains("stopped", error.Message, StringComparison.Ordinal);
    }
}
