namespace Clamator.OverRedis;

/// <summary>Counts work in progress and tells when it reaches zero.</summary>
internal sealed class InFlightCounter
{
    private int _count;
    private TaskCompletionSource? _idle;

    public int Count => Volatile.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            Volatile.Read(ref _idle)?.TrySetResult();
        }
    }

    public Task WhenIdleAsync()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource current = Interlocked.CompareExchange(ref _idle, idle, null) ?? idle;
        if (Count == 0)
        {
            current.TrySetResult();
        }

        return current.Task;
    }
}
