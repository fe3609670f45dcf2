using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Clamator.Testing;

/// <summary>
/// Spans Clamator reports while a test runs, collected by OpenTelemetry's in-memory exporter; the test's own root span
/// gives its calls a trace id of their own, so spans of tests running beside it are left out.
/// </summary>
public sealed class TracedCall : IDisposable
{
    private static readonly ActivitySource TestSource = new("Clamator.Tests");
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;
    private TaskCompletionSource _ended = NewSignal();

    /// <summary>Starts collecting Clamator's spans and starts the test's root span, current on this async flow.</summary>
    public TracedCall()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(ClamatorDiagnostics.ActivitySourceName, TestSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_exported)
            .AddProcessor(new EndSignal(this))
            .Build()!;
        Root = TestSource.StartActivity("test")!;
    }

    /// <summary>The test's root span; calls made while it is current are its descendants.</summary>
    public Activity Root { get; }

    /// <summary>The Clamator spans of this test's trace that have ended, in the order they ended.</summary>
    public List<Activity> Spans()
    {
        _provider.ForceFlush();
        lock (_exported)
        {
            return [.. _exported.Where(a => a.TraceId == Root.TraceId && a.Source.Name == ClamatorDiagnostics.ActivitySourceName)];
        }
    }

    /// <summary>Every Clamator span that has ended while this ran, of any trace (a foreign caller's starts its own).</summary>
    public List<Activity> AllSpans()
    {
        _provider.ForceFlush();
        lock (_exported)
        {
            return [.. _exported.Where(a => a.Source.Name == ClamatorDiagnostics.ActivitySourceName)];
        }
    }

    /// <summary>The first span (of any trace) that matches <paramref name="match"/>, once it has ended.</summary>
    /// <param name="match">Which span.</param>
    /// <param name="guard">How long to wait at most.</param>
    /// <returns>The span.</returns>
    public async Task<Activity> EndedAsync(Func<Activity, bool> match, TimeSpan guard)
    {
        using var timeout = new CancellationTokenSource(guard);
        while (true)
        {
            Task ended = Volatile.Read(ref _ended).Task;
            if (AllSpans().FirstOrDefault(match) is { } span)
            {
                return span;
            }

            await ended.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Ends the root span and stops collecting.</summary>
    public void Dispose()
    {
        Root.Dispose();
        _provider.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes <see cref="EndedAsync"/> after each span ends (it runs after the exporter, which was added first).</summary>
    private sealed class EndSignal(TracedCall owner) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => Interlocked.Exchange(ref owner._ended, NewSignal()).TrySetResult();
    }
}
