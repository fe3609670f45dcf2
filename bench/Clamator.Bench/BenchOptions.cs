using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

/// <summary>Command line: [--redis URL] [--calls N] [--concurrency C] [--max-concurrency M] [--sleep-ms S] [--matrix | --soak] [--verbose].</summary>
internal sealed record BenchOptions(string? Redis, int Calls, int Concurrency, int MaxConcurrency, int SleepMs, bool Matrix, bool Soak, bool Verbose)
{
    /// <summary>The benchmark's command; <paramref name="run"/> gets the options once they parse.</summary>
    public static RootCommand Command(Func<BenchOptions, Task<int>> run)
    {
        Option<string> redis = Cli.RedisOption("Redis to run against [default: $REDIS_URL, else a private redis-server on a free loopback port]");
        Option<int> calls = Count("--calls", "Calls per scenario", 20_000);
        Option<int> concurrency = Count("--concurrency", "Calls in flight", 64);
        Option<int> maxConcurrency = Count("--max-concurrency", "MAX_CONCURRENCY of the server (handlers in parallel)", 1);
        var sleepMs = new Option<int>("--sleep-ms")
        {
            Description = "0: add; more: slowAdd sleeping this many ms",
            HelpName = "ms",
            DefaultValueFactory = _ => 0,
            Validators = { result => Refuse(result, n => n >= 0, "must not be negative") },
        };
        var matrix = new Option<bool>("--matrix") { Description = "Every scenario: C 1/16/64 × M 1/16/64, add and slowAdd 1 ms" };
        var soak = new Option<bool>("--soak") { Description = "Sustained load (--calls calls, 64 in flight), sampling memory and the streams every 10 s" };
        Option<bool> verbose = Cli.VerboseOption();

        var root = new RootCommand(
            "The Clamator benchmark: Arith.Server as its own process, called over Redis from this one; calls/s, latency, allocations and Redis CPU per call.")
        {
            redis, calls, concurrency, maxConcurrency, sleepMs, matrix, soak, verbose,
        };
        root.Validators.Add(result =>
        {
            if (result.GetValue(matrix) && result.GetValue(soak))
            {
                result.AddError("--matrix and --soak are separate runs; give one.");
            }

            if (result.GetResult(redis) is null && FromEnvironment() is { } url && Cli.InvalidUrl(url) is { } problem)
            {
                result.AddError($"REDIS_URL: {problem}");
            }
        });
        root.SetAction(result => run(new BenchOptions(
            result.GetValue(redis) ?? FromEnvironment(),
            result.GetValue(calls),
            result.GetValue(concurrency),
            result.GetValue(maxConcurrency),
            result.GetValue(sleepMs),
            result.GetValue(matrix),
            result.GetValue(soak),
            result.GetValue(verbose))));
        return root;
    }

    private static string? FromEnvironment() => Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url ? url : null;

    private static Option<int> Count(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        Validators = { result => Refuse(result, n => n > 0, "must be positive") },
    };

    /// <summary>Refuses a given value that breaks <paramref name="rule"/>; one that is not a number is System.CommandLine's to report.</summary>
    private static void Refuse(OptionResult result, Func<int, bool> holds, string rule)
    {
        if (result.Tokens is [{ Value: var text }] && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && !holds(value))
        {
            result.AddError($"{result.Option.Name} {rule} (got {text}).");
        }
    }
}
