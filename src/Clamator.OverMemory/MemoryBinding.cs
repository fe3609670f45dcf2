using Clamator.Transport;

namespace Clamator.OverMemory;

/// <summary>
/// A service bound on a <see cref="MemoryBus"/> by a running server: its dispatcher, and the calls delivered to it whose
/// reply has not been handed back to the caller yet. A server's stop waits for those after its drain, so a call the server
/// drained has its reply before the stop returns (and before a client stopped afterwards could fail it).
/// </summary>
internal sealed class MemoryBinding(IRpcDispatcher dispatcher)
{
    private readonly Lock _gate = new();
    private int _delivering;
    private TaskCompletionSource? _none;

    public IRpcDispatcher Dispatcher { get; } = dispatcher;

    /// <summary>A call is delivered to the dispatcher; <see cref="HandedBack"/> follows once its caller has the outcome.</summary>
    public void Delivering()
    {
        lock (_gate)
        {
            _delivering++;
        }
    }

    /// <summary>The call's outcome reached its caller.</summary>
    public void HandedBack()
    {
        lock (_gate)
        {
            if (--_delivering == 0)
            {
                _none?.TrySetResult();
                _none = null;
            }
        }
    }

    /// <summary>Completes once no delivered call is waiting to hand its outcome back.</summary>
    public Task WhenHandedBackAsync()
    {
        lock (_gate)
        {
            if (_delivering == 0)
            {
                return Task.CompletedTask;
            }

            _none ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _none.Task;
        }
    }
}
