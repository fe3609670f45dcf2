using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>samples/Arith.Demo over Redis, as the README runs it: it leaves none of the keys it made behind.</summary>
[Collection(RedisCollection.Name)]
public sealed class DemoOverRedisTests(RedisFixture redis)
{
    private static string Demo => ProgramRun.Dll(Path.Combine("samples", "Arith.Demo"), "Arith.Demo");

    [Fact]
    public async Task The_demo_over_redis_removes_the_demo_keys_it_made_when_it_ends()
    {
        var (code, output, error) = await ProgramRun.RunAsync(Demo, "--redis", redis.Url);

        Assert.True(code == 0, error);
        string prefix = Assert.Single(output.Split('\n'), l => l.StartsWith("transport: ", StringComparison.Ordinal)).Split("keys ")[1].TrimEnd('*', ':');
        Assert.StartsWith("demo-", prefix, StringComparison.Ordinal);
        Assert.Contains("arith.add(2, 3)          = 5\n", output, StringComparison.Ordinal);
        Assert.Matches($"removed [1-9][0-9]* key\\(s\\) under {prefix}:\\*\n$", output);
        IServer server = redis.Connection.GetServers().Single();
        Assert.Empty(await server.KeysAsync(pattern: $"{prefix}:*").ToArrayAsync());
    }

    [Fact]
    public async Task The_demo_prints_the_endpoint_not_the_url()
    {
        var (_, output, error) = await ProgramRun.RunAsync(Demo, "--redis", redis.Url.Replace("redis://", "redis://s3cret-pw@", StringComparison.Ordinal));

        // The fixture's Redis wants no password, so the run fails to authenticate; the URL's password is printed nowhere.
        Assert.StartsWith($"transport: Redis Streams at 127.0.0.1:{redis.Server.Port}, keys demo-", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", output + error, StringComparison.Ordinal);
    }
}
