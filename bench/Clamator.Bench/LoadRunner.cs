using System.Diagnostics;
using Arith;
using Clamator;

/// <summary>Makes N calls with C in flight and measures throughput, latency percentiles and client allocations.</summary>
internal static class LoadRunner
{

    /// <param name="client">The client under test.</param>
    /// <param name="calls">Calls to time.</param>
    /// <param name="concurrency">Calls in flight.</param>
    /// <param name="maxConcurrency">The server's MAX_CONCURRENCY (reported only).</param>
    /// <param name="sleepMs">0 for add, else slowAdd sleeping this long.</param>
    /// <param name="redisCpuSeconds">Reads the CPU time Redis has used so far (<c>INFO cpu</c>).</param>
    public static async Task<BenchResult> RunAsync(
        IClamatorClient client, int calls, int concurrency, int maxConcurrency, int sleepMs, Func<Task<double>> redisCpuSeconds)
    {
        // Warm up until tiered JIT compilation has settled in both processes: before that, tier-up work
        // competes for the two cores and skews every figure (measured here: the first scenario of a fresh
        // process showed p99 1.5–3 ms at one call in flight, later ones 0.7–0.8 ms). A burst at 64 in flight
        // drives the hot paths to their final tier; a young process gets a longer one (until it is 10 s old),
        // then the scenario's own shape settles the connections. The burst is of add calls whatever the scenario:
        // slowAdd runs the same paths but, bounded by its timer, too few calls to warm them (measured: a lone
        // slowAdd scenario in a young process ran at 6.3k calls/s where a warm one ran at over 9k).
        TimeSpan age = DateTime.Now - Process.GetCurrentProcess().StartTime;
        TimeSpan burst = TimeSpan.FromSeconds(Math.Max(2, 10 - age.TotalSeconds));
        await WarmUpAsync(client, Math.Max(concurrency, 64), 0, burst);

        await WarmUpAsync(client, concurrency, sleepMs, TimeSpan.FromSeconds(1));

        long[] latencies = new long[calls];
        GC.Collect();
        double redisCpu = await redisCpuSeconds();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        await RunCallsAsync(client, calls, concurrency, sleepMs, latencies);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        double allocPerCall = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)calls;
        double redisUsPerCall = (await redisCpuSeconds() - redisCpu) * 1e6 / calls;

        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(calls - 1, (int)Math.Ceiling(p * calls) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new BenchResult(
            calls, concurrency, maxConcurrency, sleepMs, calls / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.90), Percentile(0.99), allocPerCall,
            redisUsPerCall);
    }

    private static async Task WarmUpAsync(IClamatorClient client, int concurrency, int sleepMs, TimeSpan duration)
    {
        long start = Stopwatch.GetTimestamp();
        int batch = sleepMs > 0 ? 100 : Math.Max(500, concurrency * 50);
        do
        {
            await RunCallsAsync(client, batch, concurrency, sleepMs, new long[batch]);
        }
        while (Stopwatch.GetElapsedTime(start) < duration);
    }

    private static async Task RunCallsAsync(IClamatorClient client, int calls, int concurrency, int sleepMs, long[] latencies)
    {
        int next = -1;
        var add = new AddParams { A = 2, B = 3 };
        var slowAdd = new SlowAddParams { A = 2, B = 3, SleepMs = sleepMs };

        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                long t0 = Stopwatch.GetTimestamp();
                double sum = sleepMs > 0
                    ? (await client.CallAsync(ArithContract.SlowAdd, slowAdd).ConfigureAwait(false)).Sum
                    : (await client.CallAsync(ArithContract.Add, add).ConfigureAwait(false)).Sum;
                latencies[i] = Stopwatch.GetTimestamp() - t0;
                if (sum != 5)
                {
                    throw new InvalidOperationException($"wrong result {sum}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync)));
    }
}
