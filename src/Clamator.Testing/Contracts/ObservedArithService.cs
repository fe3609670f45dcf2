namespace Clamator.Testing;

/// <summary>The reference arith handlers, plus signals tests can await: a slowAdd started, a handler saw cancellation.</summary>
internal sealed class ObservedArithService : IArithService
{
    private readonly ArithService _inner = new();
    private TaskCompletionSource _slowAddStarted = NewSignal();

    private int _slowAddsFinished;

    public long Handled => _inner.Handled;

    /// <summary>How many slowAdd handlers have returned a result.</summary>
    public int SlowAddsFinished => Volatile.Read(ref _slowAddsFinished);

    public TaskCompletionSource HandlerCancelled { get; } = NewSignal();

    /// <summary>Completes when the next slowAdd starts.</summary>
    public Task SlowAddStarted => _slowAddStarted.Task;

    public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken) => _inner.AddAsync(p, cancellationToken);

    public async Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _slowAddStarted, NewSignal()).TrySetResult();
        try
        {
            SlowAddResult result = await _inner.SlowAddAsync(p, cancellationToken);
            Interlocked.Increment(ref _slowAddsFinished);
            return result;
        }
        catch (OperationCanceledException)
        {
            HandlerCancelled.TrySetResult();
            throw;
        }
    }

    public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken) => _inner.DivideAsync(p, cancellationToken);

    public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken) => _inner.EchoTextAsync(p, cancellationToken);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
