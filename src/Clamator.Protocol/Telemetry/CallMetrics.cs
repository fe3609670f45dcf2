using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Clamator;

/// <summary>
/// The call instruments of one client or server core: call duration (OpenTelemetry's <c>rpc.client.call.duration</c>
/// / <c>rpc.server.call.duration</c>, seconds), calls in flight, and the side's counters.
/// </summary>
internal sealed class CallMetrics : IDisposable
{
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long>? _timeouts;
    private readonly Counter<long>? _invalidEnvelopes;
    private readonly Counter<long>? _deadlineSkips;

    public CallMetrics(IMeterFactory? meterFactory, bool server)
    {
        (_meter, _ownsMeter) = CreateMeter(meterFactory);
        string side = server ? "server" : "client";
        _duration = _meter.CreateHistogram<double>(
            $"rpc.{side}.call.duration", "s",
            $"Duration of calls {(server ? "dispatched" : "made")}, until the {(server ? "answer was ready" : "reply arrived")}.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _active = _meter.CreateUpDownCounter<long>(
            $"clamator.{side}.calls.active", "{call}", $"Calls {(server ? "being dispatched" : "waiting for their reply")}.");
        if (server)
        {
            _invalidEnvelopes = _meter.CreateCounter<long>(
                "clamator.server.invalid_envelopes", "{envelope}", "Received envelopes that were not valid requests (answered -32600 or dropped).");
            _deadlineSkips = _meter.CreateCounter<long>(
                "clamator.server.deadline_skips", "{call}", "Requests not run, or not answered, because their caller's deadline had passed.");
        }
        else
        {
            _timeouts = _meter.CreateCounter<long>("clamator.client.timeouts", "{call}", "Calls whose reply did not come before their timeout.");
        }
    }

    /// <summary>Whether anyone listens to the duration or the in-flight count (so a call need not read the clock).</summary>
    public bool Enabled => _duration.Enabled || _active.Enabled;

    /// <summary>Creates the meter named <see cref="ClamatorDiagnostics.MeterName"/>, through DI's factory when there is one.</summary>
    public static (Meter Meter, bool Owned) CreateMeter(IMeterFactory? meterFactory)
    {
        string? version = typeof(CallMetrics).Assembly.GetName().Version?.ToString();
        return meterFactory is not null
            ? (meterFactory.Create(new MeterOptions(ClamatorDiagnostics.MeterName) { Version = version }), false)
            : (new Meter(ClamatorDiagnostics.MeterName, version), true);
    }

    public long Started(string service)
    {
        if (_active.Enabled)
        {
            _active.Add(1, new KeyValuePair<string, object?>("rpc.service", service));
        }

        return Enabled ? Stopwatch.GetTimestamp() : 0;
    }

    public void Ended(long started, string service, string method, string? errorType)
    {
        if (_active.Enabled)
        {
            _active.Add(-1, new KeyValuePair<string, object?>("rpc.service", service));
        }

        if (_duration.Enabled && started != 0)
        {
            var tags = new TagList
            {
                { "rpc.system", "jsonrpc" },
                { "rpc.service", service },
                { "rpc.method", service + "." + method },
            };
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public void TimedOut(string service) => _timeouts?.Add(1, new KeyValuePair<string, object?>("rpc.service", service));

    public void InvalidEnvelope(string service, string reason) =>
        _invalidEnvelopes?.Add(1, new KeyValuePair<string, object?>("rpc.service", service), new KeyValuePair<string, object?>("clamator.reason", reason));

    public void DeadlineSkipped(string service) => _deadlineSkips?.Add(1, new KeyValuePair<string, object?>("rpc.service", service));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
