using Arith;

/// <summary>Forwards to the reference handlers; optionally prints "START &lt;method&gt;" as each begins.</summary>
internal sealed class TracingArithService(ArithService inner, bool trace) : IArithService
{
    public long Handled => inner.Handled;

    public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken) => Traced("arith.add", () => inner.AddAsync(p, cancellationToken));

    public Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken) =>
        Traced("arith.slowAdd", () => inner.SlowAddAsync(p, cancellationToken));

    public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken) =>
        Traced("arith.divide", () => inner.DivideAsync(p, cancellationToken));

    public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken) =>
        Traced("arith.echoText", () => inner.EchoTextAsync(p, cancellationToken));

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
