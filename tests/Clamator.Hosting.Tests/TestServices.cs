using Arith;

namespace Clamator.Tests;

/// <summary>A scoped dependency that remembers its instance id and whether its scope was disposed.</summary>
public sealed class ScopedDependency : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

/// <summary>Another scoped service that takes the same dependency, to see it is shared within a call.</summary>
public sealed class DependencyHolder(ScopedDependency dependency)
{
    public ScopedDependency Dependency { get; } = dependency;
}

/// <summary>What the calls saw: per call, the dependency the service got and the one its holder got.</summary>
public sealed class CallLog
{
    private readonly List<(ScopedDependency Direct, ScopedDependency ViaHolder)> _calls = [];

    public IReadOnlyList<(ScopedDependency Direct, ScopedDependency ViaHolder)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public void Add(ScopedDependency direct, ScopedDependency viaHolder)
    {
        lock (_calls)
        {
            _calls.Add((direct, viaHolder));
        }
    }
}

/// <summary>Lets a test hold a slowAdd handler until it says so.</summary>
public sealed class SlowAddGate
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>An arith service resolved from DI: records its scoped dependencies; slowAdd waits on the gate.</summary>
public sealed class ScopedArithService(ScopedDependency dependency, DependencyHolder holder, CallLog log, SlowAddGate gate) : IArithService
{
    private readonly ArithService _inner = new();

    public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken = default)
    {
        log.Add(dependency, holder.Dependency);
        return _inner.AddAsync(p, cancellationToken);
    }

    public async Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(p);
        gate.Started.TrySetResult();
        await gate.Release.Task; // deliberately ignores cancellation: the drain must wait for it
        return new SlowAddResult { Sum = p.A + p.B };
    }

    public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken = default) => _inner.DivideAsync(p, cancellationToken);

    public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken = default) => _inner.EchoTextAsync(p, cancellationToken);
}
