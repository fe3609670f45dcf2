using System.Diagnostics;
using System.Globalization;
using Arith;
using Clamator.OverRedis;
using StackExchange.Redis;

/// <summary>
/// <c>--soak</c>: N calls at 64 in flight against one Arith.Server process, printing every 10 s what a queue must
/// keep bounded — the client's and the server's RSS, the command stream's length and pending count, Redis
/// <c>used_memory</c> — then the keys left under the prefix.
/// </summary>
internal static class Soak
{
    private const int InFlight = 64;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string redisUrl, int calls, int maxConcurrency)
    {
        string prefix = "soak" + Guid.NewGuid().ToString("N")[..8];
        string stream = $"{prefix}:cmds:arith";
        ConfigurationOptions config = RedisUrl.Parse(redisUrl);
        config.AllowAdmin = true;
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(config);
        IDatabase db = redis.GetDatabase();
        IServer node = redis.GetServers()[0];
        Process server = await Processes.StartArithServerAsync(redisUrl, prefix, maxConcurrency);
        var client = new RedisRpcClient(new RedisRpcClientOptions { Url = redisUrl, KeyPrefix = prefix });
        await client.StartAsync();

        Console.WriteLine($"soak: {calls} calls, {InFlight} in flight, MAX_CONCURRENCY {maxConcurrency}, prefix {prefix}");
        Console.WriteLine("|  time s |     calls |  calls/s | client MB | server MB | stream len | pending | redis MB |");
        Console.WriteLine("|---------|-----------|----------|-----------|-----------|------------|---------|----------|");
        long done = 0, maxLength = 0, serverRssAtMinute = 0, maxServerRssAfterMinute = 0;
        var clock = Stopwatch.StartNew();
        using var finished = new CancellationTokenSource();

        async Task MonitorAsync()
        {
            long lastDone = 0;
            TimeSpan lastAt = TimeSpan.Zero;
            using var timer = new PeriodicTimer(Period);
            while (await timer.WaitForNextTickAsync(finished.Token).ConfigureAwait(false))
            {
                (long length, long pending, long usedMemory) = await SampleAsync(db, node, stream).ConfigureAwait(false);
                long serverRss = Rss(server);
                long now = Interlocked.Read(ref done);
                TimeSpan at = clock.Elapsed;
                maxLength = Math.Max(maxLength, length);
                if (at >= TimeSpan.FromMinutes(1))
                {
                    if (serverRssAtMinute == 0)
                    {
                        serverRssAtMinute = serverRss;
                    }

                    maxServerRssAfterMinute = Math.Max(maxServerRssAfterMinute, serverRss);
                }

                Console.WriteLine(
                    string.Create(CultureInfo.InvariantCulture, $"| {at.TotalSeconds,7:F0} | {now,9} | {(now - lastDone) / (at - lastAt).TotalSeconds,8:F0} | ")
                    + string.Create(CultureInfo.InvariantCulture, $"{Rss(Process.GetCurrentProcess()) / 1e6,9:F1} | {serverRss / 1e6,9:F1} | {length,10} | ")
                    + string.Create(CultureInfo.InvariantCulture, $"{pending,7} | {usedMemory / 1e6,8:F1} |"));
                lastDone = now;
                lastAt = at;
            }
        }

        Task monitor = MonitorAsync();
        var add = new AddParams { A = 2, B = 3 };
        long next = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < calls)
            {
                if ((await client.CallAsync(ArithContract.Add, add).ConfigureAwait(false)).Sum != 5)
                {
                    throw new InvalidOperationException("wrong result");
                }

                Interlocked.Increment(ref done);
            }
        })));
        TimeSpan elapsed = clock.Elapsed;
        await finished.CancelAsync();
        try
        {
            await monitor;
        }
        catch (OperationCanceledException)
        {
        }

        await Processes.StopGracefullyAsync(server);
        (long finalLength, long finalPending, long finalMemory) = await SampleAsync(db, node, stream);
        maxLength = Math.Max(maxLength, finalLength);
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{calls} calls in {elapsed.TotalSeconds:F0} s ({calls / elapsed.TotalSeconds:F0} calls/s)"));
        Console.WriteLine($"command stream: longest {maxLength} entries, {finalLength} at the end; pending at the end: {finalPending}; " +
            $"redis used_memory {finalMemory / 1e6:F1} MB");
        if (serverRssAtMinute > 0)
        {
            Console.WriteLine(
                string.Create(CultureInfo.InvariantCulture,
                $"server RSS: {serverRssAtMinute / 1e6:F1} MB at 1 min, at most {maxServerRssAfterMinute / 1e6:F1} MB after ")
                + string.Create(CultureInfo.InvariantCulture, $"({(maxServerRssAfterMinute - serverRssAtMinute) * 100.0 / serverRssAtMinute:F1} %)"));
        }

        Console.WriteLine($"keys under {prefix}: (client {client.ReplyStreamKey} still running)");
        await foreach (RedisKey key in node.KeysAsync(pattern: prefix + ":*"))
        {
            RedisType type = await db.KeyTypeAsync(key);
            TimeSpan? ttl = await db.KeyTimeToLiveAsync(key);
            long length = type == RedisType.Stream ? await db.StreamLengthAsync(key) : 0;
            Console.WriteLine($"  {key} ({type.ToString().ToLowerInvariant()}, {length} entries, TTL {(ttl is { } t ? $"{t.TotalSeconds:F0} s" : "none")})");
        }

        await client.DisposeAsync();
        return 0;
    }

    private static async Task<(long Length, long Pending, long UsedMemory)> SampleAsync(IDatabase db, IServer node, string stream)
    {
        long length = await db.StreamLengthAsync(stream);
        long pending = (await db.StreamPendingAsync(stream, "arith")).PendingMessageCount;
        string memory = (await node.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory").Value;
        return (length, pending, long.Parse(memory, CultureInfo.InvariantCulture));
    }

    private static long Rss(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }
}
