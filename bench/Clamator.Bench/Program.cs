// Clamator benchmark: starts samples/Arith.Server as its own process, calls it from this process over Redis,
// and reports calls/s, latency percentiles and client allocations per call, side by side with the Redis
// ceiling (redis-benchmark XADD) and a PING round trip measured in the same run.
// CLAMATOR_LISTEN=1 runs it with telemetry on (spans and metrics listened to in both processes).
using System.Diagnostics;
using System.Globalization;
using Clamator.OverRedis;
using StackExchange.Redis;

// The key of the ceiling's XADDs (on a cluster, the ceiling is measured on the primary that owns it).
const string CeilingKey = "bench:ceiling";

return await Cli.InvokeAsync(BenchOptions.Command(async options =>
{
    try
    {
        return await RunAsync(options);
    }
    catch (Exception ex)
    {
        return Cli.Fail(ex, options.Redis, options.Verbose);
    }
}), args);

static async Task<int> RunAsync(BenchOptions options)
{
    using TelemetryListeners? listeners = TelemetryListeners.FromEnvironment();
    if (listeners is not null)
    {
        Console.WriteLine("telemetry: on (CLAMATOR_LISTEN=1: every Clamator span and instrument listened to, here and in Arith.Server)");
    }

    Process? privateRedis = null;
    string redisUrl;
    if (options.Redis is { } given)
    {
        redisUrl = given;
    }
    else
    {
        (privateRedis, int port) = await Processes.StartRedisAsync();
        redisUrl = $"redis://127.0.0.1:{port}";
    }

    try
    {
        // One connection for INFO, made first: a Redis that cannot be reached stops the run before anything starts.
        ConfigurationOptions adminConfig = RedisUrl.Parse(redisUrl);
        adminConfig.AllowAdmin = true;
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(adminConfig);
        await admin.GetDatabase().PingAsync();
        ConfigurationOptions config = RedisUrl.Parse(redisUrl);
        (string host, int port) endpoint = config.EndPoints[0] switch
        {
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new InvalidOperationException($"Unsupported endpoint {other}"),
        };
        Console.WriteLine($"Redis {redisUrl} · {Environment.ProcessorCount} cores · .NET {Environment.Version}");
        if (options.Soak)
        {
            int status = await Soak.RunAsync(redisUrl, options.Calls, options.MaxConcurrency);
            Console.WriteLine();
            if (await MeasureCeilingAsync(endpoint.host, endpoint.port) is { } soakCeiling)
            {
                PrintCeiling(soakCeiling);
            }

            return status;
        }

        var scenarios = new List<(int Calls, int C, int M, int Sleep)>();
        if (options.Matrix)
        {
            int slowCalls = Math.Max(500, options.Calls / 10);
            foreach (int m in new[] { 1, 16, 64 })
            {
                foreach (int c in new[] { 1, 16, 64 })
                {
                    scenarios.Add((c == 1 ? Math.Min(options.Calls, 20_000) : options.Calls, c, m, 0));
                }

                foreach (int c in new[] { 1, 16, 64 })
                {
                    scenarios.Add((c == 1 ? Math.Min(slowCalls, 500) : slowCalls, c, m, 1));
                }
            }
        }
        else
        {
            scenarios.Add((options.Calls, options.Concurrency, options.MaxConcurrency, options.SleepMs));
        }

        // The CPU time of every primary (one on a single Redis; on a cluster the stream's owner does the work, and
        // the others answer the cluster's own traffic).
        IServer[] primaries = [.. admin.GetServers().Where(s => !s.IsReplica)];
        bool cluster = primaries.Any(s => s.ServerType == ServerType.Cluster);
        if (cluster)
        {
            Console.WriteLine($"Redis Cluster: {primaries.Length} primaries; Redis CPU per call sums them, the ceiling is measured on one primary");
        }

        async Task<double> RedisCpuSecondsAsync()
        {
            double seconds = 0;
            foreach (IServer primary in primaries)
            {
                var cpu = (await primary.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
                seconds += double.Parse(cpu["used_cpu_user"], CultureInfo.InvariantCulture) + double.Parse(cpu["used_cpu_sys"], CultureInfo.InvariantCulture);
            }

            return seconds;
        }

        // redis-benchmark sends every XADD to the node it is given: on a cluster, the primary owning its key.
        if (cluster)
        {
            endpoint = await admin.GetDatabase().IdentifyEndpointAsync(CeilingKey) switch
            {
                System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
                System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
                _ => endpoint,
            };
        }

        var results = new List<BenchResult>();
        foreach (var group in scenarios.GroupBy(s => s.M))
        {
            string prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
            Process server = await Processes.StartArithServerAsync(redisUrl, prefix, group.Key);
            try
            {
                await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = redisUrl, KeyPrefix = prefix });
                await client.StartAsync();
                foreach (var s in group)
                {
                    BenchResult result = await LoadRunner.RunAsync(client, s.Calls, s.C, s.M, s.Sleep, RedisCpuSecondsAsync);
                    results.Add(result);
                    Console.WriteLine(result.ToRow());
                }
            }
            finally
            {
                await Processes.StopGracefullyAsync(server);
            }
        }

        (double Xadd, double PingMs)? redisCeiling = await MeasureCeilingAsync(endpoint.host, endpoint.port);
        Console.WriteLine();
        Console.WriteLine(BenchResult.Header);
        foreach (BenchResult r in results)
        {
            Console.WriteLine(r.ToRow());
        }

        Console.WriteLine();
        if (redisCeiling is ({ } ceiling, _))
        {
            PrintCeiling(redisCeiling.Value);
            foreach (BenchResult r in results.Where(r => r.SleepMs == 0))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"  add C={r.Concurrency,-3} M={r.MaxConcurrency,-3}: {r.CallsPerSec / ceiling:F3} × XADD ceiling"));
            }
        }

        // Parallel handlers: slowAdd at 64 in flight, each MAX_CONCURRENCY against 16.
        if (results.FirstOrDefault(r => r is { SleepMs: > 0, Concurrency: 64, MaxConcurrency: 16 }) is { } sixteen)
        {
            foreach (BenchResult r in results.Where(r => r is { SleepMs: > 0, Concurrency: 64 } && r.MaxConcurrency > 16))
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture, $"  slowAdd C=64 M={r.MaxConcurrency}: {r.CallsPerSec / sixteen.CallsPerSec:F2} × M=16"));
            }
        }

        foreach (BenchResult r in results)
        {
            Console.WriteLine(r.ToJson());
        }

        return 0;
    }
    finally
    {
        if (privateRedis is not null)
        {
            privateRedis.Kill();
            await privateRedis.WaitForExitAsync();
        }
    }
}

// The Redis ceiling of this run: redis-benchmark XADD with 50 clients, and a PING round trip with one.

static async Task<(double Xadd, double PingMs)?> MeasureCeilingAsync(string host, int port)
{
    try
    {
        double xadd = await Processes.RedisBenchmarkAsync(host, port, "-n", "200000", "XADD", CeilingKey, "MAXLEN", "~", "1000", "*", "type", "rpc", "envelope",
            """{"jsonrpc":"2.0","method":"arith.add","params":{"a":2,"b":3},"id":"00000000-0000-4000-8000-000000000000"}""");
        double pingRps = await Processes.RedisBenchmarkAsync(host, port, "-n", "20000", "-c", "1", "PING");
        return (xadd, 1000.0 / pingRps);
    }
    catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
    {
        Console.WriteLine($"redis-benchmark unavailable: {ex.Message}");
        return null;
    }
}

static void PrintCeiling((double Xadd, double PingMs) ceiling) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Redis ceiling (redis-benchmark -n 200000, 50 clients, XADD): {ceiling.Xadd:F0} ops/s; PING round trip (1 client): {ceiling.PingMs:F3} ms"));
