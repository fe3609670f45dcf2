using System.Globalization;

/// <summary>One scenario's figures.</summary>
internal sealed record BenchResult(
    int Calls, int Concurrency, int MaxConcurrency, int SleepMs, double CallsPerSec, double P50Ms, double P90Ms, double P99Ms, double AllocBytesPerCall,
    double RedisUsPerCall)
{
    public string Method => SleepMs > 0 ? $"slowAdd({SleepMs} ms)" : "add";

    public string ToJson() =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"calls":{{Calls}},"concurrency":{{Concurrency}},"maxConcurrency":{{MaxConcurrency}},"sleepMs":{{SleepMs}},"callsPerSec":{{CallsPerSec:F1}}""")
        + string.Create(CultureInfo.InvariantCulture, $$""","p50Ms":{{P50Ms:F3}},"p90Ms":{{P90Ms:F3}},"p99Ms":{{P99Ms:F3}}""")
        + string.Create(CultureInfo.InvariantCulture, $$""","allocBytesPerCall":{{AllocBytesPerCall:F0}},"redisCpuUsPerCall":{{RedisUsPerCall:F1}}}""");

    public string ToRow() =>
        string.Create(CultureInfo.InvariantCulture, $"| {Method,-14} | {Concurrency,4} | {MaxConcurrency,4} | {Calls,7} | {CallsPerSec,10:F0} | ")
        + string.Create(CultureInfo.InvariantCulture, $"{P50Ms,7:F3} | {P90Ms,7:F3} | {P99Ms,7:F3} | {AllocBytesPerCall,8:F0} | {RedisUsPerCall,13:F1} |");

    public const string Header =
        "| method         |    C |    M |   calls |    calls/s | p50 ms  | p90 ms  | p99 ms  | B/call   | Redis µs/call |\n" +
        "|----------------|------|------|---------|------------|---------|---------|---------|----------|---------------|";
}
