namespace Clamator.Transport;

/// <summary>
/// One of a service's <see cref="RpcServerLimits.MaxConcurrency"/> handler slots, taken ahead of dispatch with
/// <see cref="IRpcDispatcher.AcquireSlotAsync"/> by a transport that must not take more work than it can run (a
/// queue consumer's backpressure). Dispatching with it runs the request in this slot and frees it when the handler
/// returns; disposing frees it too (once: a slot is freed by whichever comes first).
/// </summary>
public sealed class DispatchSlot : IDisposable
{
    private SemaphoreSlim? _slots;

    /// <summary>A slot under no limit (a dispatcher of its own, a test's): disposing it does nothing.</summary>
    public static DispatchSlot Unlimited { get; } = new(null);

    internal DispatchSlot(SemaphoreSlim? slots) => _slots = slots;

    /// <summary>Whether this is a slot of <paramref name="slots"/> not freed yet.</summary>
    internal bool IsFrom(SemaphoreSlim slots) => ReferenceEquals(Volatile.Read(ref _slots), slots);

    /// <summary>Frees the slot, if the dispatch it was taken for has not already.</summary>
    public void Dispose() => Interlocked.Exchange(ref _slots, null)?.Release();
}
