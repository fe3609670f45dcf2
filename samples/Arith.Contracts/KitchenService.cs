using Clamator;

namespace Arith;

/// <summary>
/// Reference handlers of the <c>kitchen</c> vector contract: <c>everything</c> answers <c>{"ok":true}</c> for any
/// valid params, <c>shape</c> answers the area, <c>reset</c> is counted. Counts invocations.
/// </summary>
public sealed class KitchenService : IKitchenService
{
    private long _handled;

    /// <summary>Raised with the params of each <c>everything</c> call.</summary>
    public event Action<EverythingParams>? Received;

    /// <summary>Raised for each <c>reset</c>.</summary>
    public event Action? ResetRequested;

    /// <summary>How many times a handler ran.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <inheritdoc />
    public Task<EverythingResult> EverythingAsync(EverythingParams p, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(p);
        Interlocked.Increment(ref _handled);
        Received?.Invoke(p);
        return Task.FromResult(new EverythingResult { Ok = true });
    }

    /// <inheritdoc />
    public Task<ShapeResult> ShapeAsync(ShapeParams p, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(p);
        Interlocked.Increment(ref _handled);
        double area = p.S switch
        {
            ShapeParamsSCircle circle => Math.PI * circle.R * circle.R,
            ShapeParamsSRect rect => rect.W * rect.H,
            _ => throw new RpcException(RpcErrorCodes.InvalidParams, "unknown shape"),
        };
        return Task.FromResult(new ShapeResult { Area = area });
    }

    /// <inheritdoc />
    public Task ResetAsync(ResetParams p, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _handled);
        ResetRequested?.Invoke();
        return Task.CompletedTask;
    }
}
