using System.Diagnostics.Metrics;

namespace Clamator.OverRedis;

/// <summary>
/// The Redis transport's instruments on the <c>Clamator</c> meter (through DI's <see cref="IMeterFactory"/> when
/// given): counters of reclaims, dead letters and loop restarts, and, for a server, its services' consumer lag and
/// pending entries as observable gauges read from the values <see cref="GroupMaintenance"/> last observed (no I/O on collection).
/// </summary>
internal sealed class TransportMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _loopRestarts;
    private readonly Counter<long> _reclaims;
    private readonly Counter<long> _deadLetters;
    private volatile bool _disposed;

    public TransportMetrics(IMeterFactory? meterFactory, Func<IEnumerable<ServiceBacklog>>? backlogs = null)
    {
        string? version = typeof(TransportMetrics).Assembly.GetName().Version?.ToString();
        (_meter, _ownsMeter) = meterFactory is not null
            ? (meterFactory.Create(new MeterOptions(ClamatorDiagnostics.MeterName) { Version = version }), false)
            : (new Meter(ClamatorDiagnostics.MeterName, version), true);
        _loopRestarts = _meter.CreateCounter<long>(
            "clamator.redis.loop_restarts", "{restart}", "Passes of the transport's loops (reads, reclaims, keep-alives, …) that failed and were retried.");
        _reclaims = _meter.CreateCounter<long>("clamator.server.reclaims", "{entry}", "Entries taken over from consumers that held them past the claim time.");
        _deadLetters = _meter.CreateCounter<long>("clamator.server.dead_letters", "{entry}", "Entries moved to the dead-letter stream.");
        if (backlogs is not null)
        {
            _meter.CreateObservableGauge(
                "clamator.server.consumer_lag", () => Observe(backlogs(), b => b.Lag), "{entry}",
                "Entries of the command stream not yet delivered to the service's consumer group (Redis 7+).");
            _meter.CreateObservableGauge(
                "clamator.server.pending", () => Observe(backlogs(), b => b.Pending), "{entry}",
                "Entries delivered to the service's consumer group and not yet acknowledged, across its consumers.");
        }
    }

    public void LoopRestarted(string loop, string? service)
    {
        if (!_loopRestarts.Enabled)
        {
            return;
        }

        if (service is null)
        {
            _loopRestarts.Add(1, new KeyValuePair<string, object?>("clamator.loop", loop));
        }
        else
        {
            _loopRestarts.Add(1, new KeyValuePair<string, object?>("clamator.loop", loop), new KeyValuePair<string, object?>("rpc.service", service));
        }
    }

    public void Reclaimed(string service, int count) => _reclaims.Add(count, new KeyValuePair<string, object?>("rpc.service", service));

    public void DeadLettered(string service, string reason) =>
        _deadLetters.Add(1, new KeyValuePair<string, object?>("rpc.service", service), new KeyValuePair<string, object?>("clamator.reason", reason));

    /// <summary>Ends the gauges' readings (a meter from DI's factory lives on after this transport) and, when owned, the meter.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<long>> Observe(IEnumerable<ServiceBacklog> backlogs, Func<ServiceBacklog.Reading, long?> value)
    {
        if (_disposed)
        {
            yield break;
        }

        foreach (ServiceBacklog backlog in backlogs)
        {
            if (backlog.Last is { } reading && value(reading) is { } v)
            {
                yield return new Measurement<long>(v, new KeyValuePair<string, object?>("rpc.service", backlog.Service));
            }
        }
    }
}
