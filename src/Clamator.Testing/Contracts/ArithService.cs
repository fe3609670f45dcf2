namespace Clamator.Testing;

/// <summary>The reference handlers of the shared vectors (as samples/Arith.Contracts has them). Counts invocations.</summary>
internal sealed class ArithService : IArithService
{
    private long _handled;

    /// <summary>How many times a handler ran.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <inheritdoc />
    public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(p);
        Interlocked.Increment(ref _handled);
        return Task.FromResult(new AddResult { Sum = p.A + p.B });
    }

    /// <inheritdoc />
    public async Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(p);
        Interlocked.Increment(ref _handled);
        if (p.SleepMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(p.SleepMs), cancellationToken).ConfigureAwait(false);
        }

        return new SlowAddResult { Sum = p.A + p.B };
    }

    /// <inheritdoc />
    public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(p);
        Interlocked.Increment(ref _handled);
        if (p.B == 0)
        {
            throw new RpcException(RpcErrorCodes.ServerError, "division by zero");
        }

        return Task.FromResult(new DivideResult { Q = p.A / p.B });
    }

    /// <inheritdoc />
    public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(p);
        Interlocked.Increment(ref _handled);
        return Task.FromResult(new EchoTextResult { Text = p.Text });
    }
}
