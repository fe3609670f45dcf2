using System.Globalization;

/// <summary>Command line: --redis URL --calls N --concurrency C [--max-concurrency M] [--sleep-ms S] [--matrix | --soak].</summary>
internal sealed record BenchOptions(string? Redis, int Calls, int Concurrency, int MaxConcurrency, int SleepMs, bool Matrix, bool Soak)
{
    public static BenchOptions Parse(string[] args)
    {
        string? redis = Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } env ? env : null;
        int calls = 20_000, concurrency = 64, maxConcurrency = 1, sleepMs = 0;
        bool matrix = false, soak = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture) is var v && v >= 0 ? v : throw new ArgumentException($"{args[i - 1]} must not be negative");
            switch (args[i])
            {
                case "--redis": redis = Next(); break;
                case "--calls": calls = NextInt(); break;
                case "--concurrency": concurrency = NextInt(); break;
                case "--max-concurrency": maxConcurrency = NextInt(); break;
                case "--sleep-ms": sleepMs = NextInt(); break;
                case "--matrix": matrix = true; break;
                case "--soak": soak = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: --redis <url> --calls <N> --concurrency <C> [--max-concurrency <M>] [--sleep-ms <S>] [--matrix | --soak]");
            }
        }

        if (calls == 0 || concurrency == 0 || maxConcurrency == 0)
        {
            throw new ArgumentException("--calls, --concurrency and --max-concurrency must be positive");
        }

        if (matrix && soak)
        {
            throw new ArgumentException("--matrix and --soak are separate runs; give one");
        }

        return new BenchOptions(redis, calls, concurrency, maxConcurrency, sleepMs, matrix, soak);
    }
}
