using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clamator.Transport;

/// <summary>
/// The transport-neutral server: hosts contracts, dispatches envelopes through the pipeline of
/// docs/protocol.md §4.4 (-32601, -32602, handler errors, result validation), tracks handlers in flight, and drains
/// them on stop. Owns its transport. A transport's server type (<c>MemoryRpcServer</c>,
/// <c>RedisRpcServer</c>) is composed over one.
/// </summary>
public sealed class RpcServerCore : IRpcServer, IRpcDispatcher
{
    private const int Created = 0, Running = 1, Stopping = 2;

    private readonly IServerTransport _transport;
    private readonly TimeSpan _shutdownGrace;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, HostedService> _services = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _state;
    private int _inFlight;
    private Task? _stopping;

    /// <summary>Creates a server core over <paramref name="transport"/>, which it owns from now on.</summary>
    /// <param name="transport">The transport that delivers envelopes.</param>
    /// <param name="shutdownGrace">How long <see cref="StopAsync"/> waits for running handlers; default 5 s.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <param name="timeProvider">The clock for the grace period; the system clock by default.</param>
    public RpcServerCore(IServerTransport transport, TimeSpan? shutdownGrace = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        TimeSpan grace = shutdownGrace ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(shutdownGrace));
        _transport = transport;
        _shutdownGrace = grace;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The number of envelopes being dispatched now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(implementation);
        lock (_gate)
        {
            if (_state != Created)
            {
                throw new InvalidOperationException(
                    $"Cannot register service '{contract.Service}': the server has already started. Register every service before StartAsync.");
            }

            if (!_services.TryAdd(contract.Service, new HostedService<TService>(contract, implementation)))
            {
                throw new InvalidOperationException($"Service '{contract.Service}' is already registered on this server.");
            }

            _transport.RegisterService(contract.Service, this);
        }
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state != Created)
            {
                throw new InvalidOperationException(_state == Running ? "The server has already started." : "The server has been stopped; create a new one.");
            }

            _state = Running;
        }

        try
        {
            await _transport.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Release whatever the transport opened; a server whose start failed cannot be started again.
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_stopping is null)
            {
                Interlocked.Exchange(ref _state, Stopping);
                _stopping = StopCoreAsync();
            }
        }

        return _stopping.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _abort.Dispose();
    }

    /// <inheritdoc />
    public async Task<byte[]?> DispatchAsync(string service, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        Interlocked.Increment(ref _inFlight);
        try
        {
            if (Volatile.Read(ref _state) != Running)
            {
                throw new ClamatorTransportException("server is not running; the envelope was not taken");
            }

            return await DispatchCoreAsync(service, envelope, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _state) == Stopping)
            {
                _idle.TrySetResult();
            }
        }
    }

    private async Task<byte[]?> DispatchCoreAsync(string service, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Envelope envelope = Envelope.Parse(bytes);
        switch (envelope.Kind)
        {
            case EnvelopeKind.Request or EnvelopeKind.Notification:
                break;
            case EnvelopeKind.Invalid:
                return RejectInvalid(service, envelope, envelope.InvalidReason!);
            default:
                return RejectInvalid(service, envelope, InvalidReasons.NotRequest);
        }

        if (!_services.TryGetValue(service, out HostedService? hosted))
        {
            ProtocolLog.MethodNotFound(_logger, service, envelope.Method!);
            return envelope.Id is { } id ? EnvelopeWriter.Error(id, RpcErrorCodes.MethodNotFound, "Method not found") : null;
        }

        CancellationTokenSource? linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token)
            : null;
        CancellationToken token = linked?.Token ?? _abort.Token;
        try
        {
            return await hosted.InvokeAsync(envelope, _logger, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_abort.IsCancellationRequested)
        {
            throw new ClamatorTransportException("handler abandoned: the server stopped before it finished", ex);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    private byte[]? RejectInvalid(string service, Envelope envelope, string reason)
    {
        byte[]? reply = envelope.Id is { } id ? EnvelopeWriter.InvalidRequest(id, reason) : null;
        ProtocolLog.InvalidEnvelope(_logger, service, reason, reply is null ? "dropped" : "answered -32600");
        return reply;
    }

    private async Task StopCoreAsync()
    {
        try
        {
            await _transport.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (Volatile.Read(ref _inFlight) == 0)
            {
                _idle.TrySetResult();
            }

            try
            {
                await _idle.Task.WaitAsync(_shutdownGrace, _timeProvider).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                ProtocolLog.DrainExpired(_logger, _shutdownGrace, InFlight);
                await _abort.CancelAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
