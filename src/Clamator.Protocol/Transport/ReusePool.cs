namespace Clamator.Transport;

/// <summary>
/// A few objects kept for reuse, taken and given back without a lock. Empty, it hands out nothing (the caller
/// makes a new one); full, it refuses (the caller drops the object). Sized for the calls that end at the same
/// moment, not for the calls in flight.
/// </summary>
internal sealed class ReusePool<T>
    where T : class
{
    private readonly T?[] _kept = new T?[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];

    /// <summary>A kept object, or <see langword="null"/> when none is.</summary>
    public T? TryTake()
    {
        for (int i = 0; i < _kept.Length; i++)
        {
            if (Volatile.Read(ref _kept[i]) is not null && Interlocked.Exchange(ref _kept[i], null) is { } item)
            {
                return item;
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="item"/>; false when the pool is full (the caller disposes of it).</summary>
    public bool TryKeep(T item)
    {
        for (int i = 0; i < _kept.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _kept[i], item, null) is null)
            {
                return true;
            }
        }

        return false;
    }
}
