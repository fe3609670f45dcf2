using System.Diagnostics;
using System.Diagnostics.Metrics;
using Clamator;

/// <summary>
/// With <c>CLAMATOR_LISTEN=1</c>: listens to every Clamator span and instrument the way an OpenTelemetry SDK does
/// (all spans sampled and recorded, every measurement taken), exporting nothing; so the benchmark can report the cost
/// of telemetry being on. Shared by Arith.Server and Clamator.Bench.
/// </summary>
internal sealed class TelemetryListeners : IDisposable
{
    private readonly ActivityListener _spans;
    private readonly MeterListener _measurements;
    private long _ended;

    private TelemetryListeners()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ClamatorDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _ended),
        };
        ActivitySource.AddActivityListener(_spans);
        _measurements = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ClamatorDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _measurements.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _measurements.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _measurements.Start();
    }

    /// <summary>Spans ended so far.</summary>
    public long SpansEnded => Interlocked.Read(ref _ended);

    /// <summary>Listeners when <c>CLAMATOR_LISTEN=1</c>, else <see langword="null"/>.</summary>
    public static TelemetryListeners? FromEnvironment() => Environment.GetEnvironmentVariable("CLAMATOR_LISTEN") == "1" ? new TelemetryListeners() : null;

    public void Dispose()
    {
        _spans.Dispose();
        _measurements.Dispose();
    }
}
