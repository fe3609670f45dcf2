using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>
/// Serves one service's command stream for one server, composed of: the <see cref="StreamIntake"/> (blocking
/// reads), the <see cref="GroupMaintenance"/> (keep-alive, reclaim, pruning, trimming, backlog), the
/// <see cref="DeliveryRunner"/> (slots, then <see cref="DeliveryStep"/> runs the entry and <see cref="DeliveryEffects"/>
/// writes), and the <see cref="AckBatcher"/>.
/// </summary>
internal sealed class ServiceConsumer : IAsyncDisposable
{
    /// <summary>How long stop waits for deliveries whose handler has finished to write their reply, and for acknowledgements.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly ConsumerContext _context;
    private readonly RedisConnections _connections;
    private readonly HeldEntries _held = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConsumerGroup _group;
    private readonly StreamTrimmer _trimmer;
    private readonly ConsumerPruner _pruner;
    private readonly AckBatcher _acks;
    private readonly DeliveryStep _step;
    private readonly DeliveryRunner _deliveries;
    private readonly PresenceBeat _presence;
    private BlockingReader? _reader;
    private GroupMaintenance? _maintenance;
    private Task _loops = Task.CompletedTask;

    public ServiceConsumer(
        string service, IRpcDispatcher dispatcher, RedisRpcServerOptions options, RedisConnections connections, ILogger logger, TransportMetrics metrics)
    {
        _context = new ConsumerContext(service, options, connections, logger, metrics);
        Backlog = new ServiceBacklog(_context);
        _connections = connections;
        _group = new ConsumerGroup(_context);
        _trimmer = new StreamTrimmer(_context);
        _pruner = new ConsumerPruner(_context);
        _acks = new AckBatcher(_context, _held, _trimmer.Acknowledged);
        _step = new DeliveryStep(_context, dispatcher);
        _deliveries = new DeliveryRunner(_context, _held, _step, new DeliveryEffects(_context, _acks, _held, new DeadLetters(_context)));
        _presence = new PresenceBeat(_context, _deliveries);
    }

    /// <summary>Entries acknowledged without running because their deadline had passed.</summary>
    public long DeadlineSkips => _step.DeadlineSkips;

    /// <summary>The group's backlog as last observed.</summary>
    public ServiceBacklog Backlog { get; }

    /// <summary>This service's loops that are failing, with when they began to.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FailingLoops =>
        _context.Loops.Select(l => (l.Name, Since: l.FailingSince)).Where(l => l.Since is not null).ToDictionary(
        l => l.Name, l => l.Since!.Value, StringComparer.Ordinal);

    internal StreamTrimmer Trimmer => _trimmer;

    internal ConsumerPruner Pruner => _pruner;

    internal PresenceBeat Presence => _presence;

    internal GroupMaintenance Maintenance => _maintenance ?? throw new InvalidOperationException("Not started.");

    /// <summary>Creates the group and opens the reader, then runs the loops; does nothing once started (a start that waits for Redis repeats it).</summary>
    public async Task StartAsync()
    {
        if (_reader is not null)
        {
            return;
        }

        await _group.CreateAsync().ConfigureAwait(false);

        // Before the first read: a caller sees this server the moment it has started.
        await _presence.StartAsync().ConfigureAwait(false);
        _reader = await _connections.OpenReaderAsync(_context.Consumer, _context.Key).ConfigureAwait(false);
        var intake = new StreamIntake(_context, _reader, _deliveries, _held, _group);
        _maintenance = new GroupMaintenance(_context, _held, _deliveries, _trimmer, _pruner, _group, intake, Backlog);
        _loops = Task.WhenAll(
            Task.Run(() => intake.RunAsync(_stop.Token)),
            _maintenance.RunAsync(_stop.Token, _disposed.Token),

            // Beats go on while stop drains the handlers: a server finishing its work is not gone yet.
            Task.Run(() => _presence.RunAsync(_disposed.Token)));
    }

    /// <summary>Stops intake: no entry is dispatched after this returns.</summary>
    public async Task StopIntakeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);

        // Closing the reader's own connection aborts a blocked XREADGROUP at once. Entries Redis handed out in
        // that instant stay pending for this consumer and are reclaimed like a crashed worker's.
        if (_reader is { } reader)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        // With no handler running, callers may judge this server gone at once (docs/protocol.md §6.12): new calls fail
        // unless another serves. A server still running handlers says goodbye once they are done, so the calls waiting for
        // them are not failed as unanswered while it may still answer them.
        if (_deliveries.Running == 0)
        {
            await _presence.GoodbyeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopIntakeAsync().ConfigureAwait(false);

        // The core has drained its handlers (or given up on them after the grace period) before this runs.
        // Deliveries whose handler finished are writing replies and acks: give those a moment to land. Abandoned
        // handlers may never finish; their entries stay pending and are reclaimed elsewhere.
        await _deliveries.DrainAsync(SettleTime).ConfigureAwait(false);
        await _acks.DrainAsync(SettleTime).ConfigureAwait(false);
        await _presence.GoodbyeAsync().ConfigureAwait(false);
        await _disposed.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
        if (_reader is not null)
        {
            await _presence.LeaveGroupAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _disposed.Dispose();
    }
}
