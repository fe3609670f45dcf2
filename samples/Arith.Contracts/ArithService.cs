using Clamator;

namespace Arith;

/// <summary>The reference handlers of the shared vectors. Counts invocations.</summary>
public sealed class ArithService : IArithService
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

/// <summary>Records pings and raises <see cref="Pinged"/> for each.</summary>
public sealed class NotificationsService : INotificationsService
{
    /// <summary>Raised for each ping, with its params.</summary>
    public event Action<PingParams>? Pinged;

    /// <inheritdoc />
    public Task PingAsync(PingParams p, CancellationToken cancellationToken)
    {
        Pinged?.Invoke(p);
        return Task.CompletedTask;
    }
}
