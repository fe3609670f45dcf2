using System.Text.Json;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary><c>clamator consumers prune</c> and <c>clamator replies gc</c>, and every command keeping to its prefix.</summary>
[Collection(RedisCollection.Name)]
public sealed class CliCleanupTests(RedisFixture redis) : IAsyncLifetime
{
    private Deployment _deployment = null!;

    private string Prefix => _deployment.Prefix;

    public async Task InitializeAsync() => _deployment = await Deployment.StartAsync(redis, "cp");

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task Prune_removes_the_gone_consumer_and_never_one_with_pending_entries()
    {
        string key = _deployment.Seeded.CommandKey;
        await Eventually.UntilAsync(
            async () => (await redis.Db.StreamConsumerInfoAsync(key, "arith")).All(c => c.IdleTimeInMilliseconds > 1), Deployment.Guard);

        var (code, output, error) = await _deployment.RunAsync("consumers", "prune", "arith", "--idle", "1ms", "--yes", "--json");

        Assert.True(code == 0, error);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        string[] removed = [.. root.GetProperty("removed").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
        Assert.Contains("arith:gone", removed);
        Assert.DoesNotContain("arith:crashed", removed);
        JsonElement kept = Assert.Single(root.GetProperty("keptWithPending").EnumerateArray());
        Assert.Equal(("arith:crashed", 1), (kept.GetProperty("name").GetString(), kept.GetProperty("pending").GetInt64()));
        StreamConsumerInfo[] left = await redis.Db.StreamConsumerInfoAsync(key, "arith");
        Assert.Equal(1, left.Single(c => c.Name == "arith:crashed").PendingMessageCount);
        Assert.DoesNotContain(left, c => c.Name == "arith:gone");

        // On Redis before 7.2 a quiet live server looks idle too, and may have been removed with nothing pending: its
        // next read makes its consumer again, and it serves on.
        Assert.Equal(0, (await _deployment.RunAsync("call", "arith.add", """{"a":1,"b":1}""")).ExitCode);

        var refused = await _deployment.RunAsync("consumers", "prune", "arith", "--idle", "1ms");
        Assert.Equal(2, refused.ExitCode);
    }

    [Fact]
    public async Task Replies_gc_deletes_only_reply_streams_without_ttl_whose_newest_reply_is_older_than_idle()
    {
        string orphan = $"{Prefix}:replies:orphan", fresh = $"{Prefix}:replies:fresh";
        await redis.Db.StreamAddAsync(orphan, "type", "rpc", "1-1");
        await redis.Db.StreamAddAsync(fresh, "type", "rpc");

        var (code, output, error) = await _deployment.RunAsync("replies", "gc", "--yes");

        Assert.True(code == 0, error);
        Assert.Equal($"deleted {orphan}\n1 of 3 reply stream(s) deleted\n", output);
        Assert.False(await redis.Db.KeyExistsAsync(orphan));
        Assert.True(await redis.Db.KeyExistsAsync(fresh));
        Assert.True(await redis.Db.KeyExistsAsync(_deployment.Peer.ReplyKey));

        var json = await _deployment.RunAsync("replies", "gc", "--idle", "0s", "--yes", "--json");
        JsonElement root = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(2, root.GetProperty("examined").GetInt32());
        Assert.Equal([fresh], root.GetProperty("deleted").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task No_command_reads_or_writes_a_key_outside_its_prefix()
    {
        string[] sentinels = [$"{Prefix}x:cmds:arith", $"{Prefix}x:dead:arith", $"{Prefix}x:replies:gone", $"other:{Prefix}:cmds:arith"];
        foreach (string key in sentinels)
        {
            await redis.Db.StreamAddAsync(key, "envelope", """{"jsonrpc":"2.0","method":"arith.add","params":{},"id":"s"}""", "1-1");
            await redis.Db.StreamCreateConsumerGroupAsync(key, "arith", "0");
            await redis.Db.ExecuteAsync("XGROUP", "CREATECONSUMER", key, "arith", "arith:gone");
        }

        Dictionary<string, byte[]?> before = await OutsideAsync();

        foreach (string[] command in new string[][]
        {
            ["inspect", "--json"], ["inspect"], ["watch", "--iterations", "1"], ["dead", "list", "arith"], ["dead", "replay", "arith", "--all", "--yes"],
            ["dead", "purge", "arith", "--all", "--yes"], ["consumers", "prune", "arith", "--idle", "1ms", "--yes"], ["replies", "gc", "--idle", "0s", "--yes"],
            ["call", "arith.add", """{"a":1,"b":2}"""], ["notify", "notifications.ping", """{"tag":"p"}"""],
        })
        {
            var (code, _, error) = await _deployment.RunAsync(command);
            Assert.True(code == 0, $"{string.Join(' ', command)}: {error}");
        }

        Assert.Equal(before, await OutsideAsync());
        Assert.DoesNotContain((await CliHarness.RunAsync(_deployment.Args("inspect", "--json"))).Output, $"{Prefix}x", StringComparison.Ordinal);
    }

    /// <summary>Every key of the database outside the deployment's prefix, with its serialized value.</summary>
    private async Task<Dictionary<string, byte[]?>> OutsideAsync()
    {
        var keys = new Dictionary<string, byte[]?>();
        await foreach (RedisKey key in redis.Connection.GetServers()[0].KeysAsync(pattern: "*"))
        {
            if (!((string)key!).StartsWith(Prefix + ":", StringComparison.Ordinal))
            {
                keys[key!] = await redis.Db.KeyDumpAsync(key);
            }
        }

        return keys;
    }
}
