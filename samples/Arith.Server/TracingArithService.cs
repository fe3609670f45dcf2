using Arith;

/// <summary>Forwards to the reference handlers; optionally prints "START &lt;method&gt;" as each begins.</summary>
internal sealed class TracingArithService(ArithService inner, bool trace) : IArithService
{
    public long Handled => inner.Handled;

    public Task<SumResult> AddAsync(AddParams p, CancellationToken cancellationToken) => Traced("arith.add", () => inner.AddAsync(p, cancellationToken));

    public Task<SumResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken) => Traced("arith.slowAdd", () => inner.SlowAddAsync(p, cancellationToken));

    public Task<QuotientResult> DivideAsync(AddParams p, CancellationToken cancellationToken) => Traced("arith.divide", () => inner.DivideAsync(p, cancellationToken));

    public Task<TextMessage> EchoTextAsync(TextMessage p, CancellationToken cancellationToken) => Traced("arith.echoText", () => inner.EchoTextAsync(p, cancellationToken));

    private Task<T> Traced<T>(string method, Func<Task<T>> run)
    {
        if (trace)
        {
            lock (Console.Out)
            {
                Console.Out.WriteLine($"START {method}");
                Console.Out.Flush();
            }
        }

        return run();
    }
}
