using Xunit;

namespace Clamator.Tests;

/// <summary>
/// A deployment for the CLI to look at: a key prefix of its own on the tests' redis-server, seeded with trouble
/// (<see cref="SeededDeployment"/>: a pending entry at a crashed consumer, a dead letter, a gone consumer) and served by
/// samples/Arith.Server as its own process, whose claim time outlasts any test.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly RedisFixture _redis;

    private Deployment(RedisFixture redis, RawPeer peer, SeededDeployment seeded, ArithServerProcess server)
    {
        _redis = redis;
        Peer = peer;
        Seeded = seeded;
        Server = server;
    }

    public string Prefix => Peer.Prefix;

    public RawPeer Peer { get; }

    public SeededDeployment Seeded { get; }

    public ArithServerProcess Server { get; }

    public static async Task<Deployment> StartAsync(RedisFixture redis, string tag)
    {
        RawPeer peer = await RawPeer.CreateAsync(redis, tag + Guid.NewGuid().ToString("N")[..12]);
        SeededDeployment seeded = await SeededDeployment.SeedAsync(peer);
        ArithServerProcess server = await ArithServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["REDIS_URL"] = redis.Url,
            ["KEY_PREFIX"] = peer.Prefix,
            ["INSTANCE_ID"] = SeededDeployment.LiveInstance,
            ["CONSUMER_CLAIM_IDLE_MS"] = "600000",
        });
        await seeded.DeadLetteredAsync(redis.Db, Guard);
        return new Deployment(redis, peer, seeded, server);
    }

    /// <summary><paramref name="args"/> with this deployment's <c>--url</c> and <c>--prefix</c>.</summary>
    public string[] Args(params string[] args) => [.. args, "--url", _redis.Url, "--prefix", Prefix];

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => CliHarness.RunAsync(Args(args));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Peer.DisposeAsync();
    }
}

/// <summary>A deployment on a redis-server of its own, shared by the tests of one class (which only add to it, or only read).</summary>
public sealed class DeploymentFixture : IAsyncLifetime
{
    public RedisFixture Redis { get; } = new();

    internal Deployment Deployment { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Deployment = await Deployment.StartAsync(Redis, "shared");
    }

    public async Task DisposeAsync()
    {
        await Deployment.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
