using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clamator.Transport;

/// <summary>
/// The transport-neutral server: hosts contracts, dispatches envelopes through the interceptors and the steps of
/// docs/protocol.md §4.4 (-32601, -32602, handler errors, result validation), cancels handlers at their caller's
/// deadline, enforces <see cref="RpcServerLimits"/> (handler slots, envelope size), traces and measures every call,
/// tracks handlers in flight, and drains them on stop. Owns its transport. A transport's server type (<c>MemoryRpcServer</c>,
/// <c>RedisRpcServer</c>) is composed over one.
/// </summary>
public sealed class RpcServerCore : IRpcServer, IRpcDispatcher
{
    private const int Created = 0, Running = 1, Stopping = 2;
    private const string NotRunning = "The server is not running: no handler slot is given.";

    private readonly IServerTransport _transport;
    private readonly TimeSpan _shutdownGrace;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ServedContract> _services = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<IRpcInterceptor> _interceptors = [];
    private readonly CallMetrics _metrics;
    private readonly RpcServerLimits _limits;
    private readonly Dictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _draining = new();
    private RpcCallHandler _pipeline;
    private int _state;
    private int _inFlight;
    private Task? _stopping;

    /// <summary>The longest a timer can be set for; a deadline further away (a hostile one) is cut to it.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    /// <summary>Creates a server core over <paramref name="transport"/>, which it owns from now on.</summary>
    /// <param name="transport">The transport that delivers envelopes.</param>
    /// <param name="shutdownGrace">How long <see cref="StopAsync"/> waits for running handlers; default 5 s.</param>
    /// <param name="logger">Where to log; none by default.</param>
    /// <param name="timeProvider">The clock for the grace period and deadlines; the system clock by default.</param>
    /// <param name="meterFactory">Creates the <c>Clamator</c> meter (DI's, when there is one); a meter of its own otherwise.</param>
    /// <param name="limits">Handler slots and envelope size; <see cref="RpcServerLimits.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit or the grace period is out of range.</exception>
    public RpcServerCore(
        IServerTransport transport, TimeSpan? shutdownGrace = null, ILogger? logger = null, TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null, RpcServerLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        TimeSpan grace = shutdownGrace ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero, nameof(shutdownGrace));
        _transport = transport;
        _shutdownGrace = grace;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _limits = (limits ?? RpcServerLimits.Default).Validated();
        _metrics = new CallMetrics(meterFactory, server: true);
        _pipeline = InvokeHandlerAsync;
    }

    /// <summary>The number of envelopes being dispatched now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, TService implementation)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        RegisterService(contract, _ => implementation);
    }

    /// <inheritdoc />
    public void RegisterService<TService>(Contract<TService> contract, Func<RpcCallContext, TService> factory)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            if (_state != Created)
            {
                throw new InvalidOperationException(
                    $"Cannot register service '{contract.Service}': the server has already started. Register every service before StartAsync.");
            }

            if (!_services.TryAdd(contract.Service, new ServedContract<TService>(contract, factory)))
            {
                throw new InvalidOperationException($"Service '{contract.Service}' is already registered on this server.");
            }

            if (_limits.MaxConcurrency != int.MaxValue)
            {
                _slots.Add(contract.Service, new SemaphoreSlim(_limits.MaxConcurrency, _limits.MaxConcurrency));
            }

            _transport.RegisterService(contract.Service, this);
        }
    }

    /// <inheritdoc />
    public void AddInterceptor(IRpcInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        lock (_gate)
        {
            if (_state != Created)
            {
                throw new InvalidOperationException("Cannot add an interceptor: the server has already started. Add every interceptor before StartAsync.");
            }

            _interceptors.Add(interceptor);
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

            _pipeline = RpcPipeline.Build(_interceptors, InvokeHandlerAsync);
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
        _draining.Dispose();
        _metrics.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask<DispatchSlot> AcquireSlotAsync(string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (Volatile.Read(ref _state) != Running)
        {
            throw new OperationCanceledException(NotRunning);
        }

        // Registration ends at start, so the map is only read here. A service nobody registered has no limit (its
        // requests are answered -32601 at once).
        if (!_slots.TryGetValue(service, out SemaphoreSlim? slots))
        {
            return DispatchSlot.Unlimited;
        }

        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _state) != Running)
        {
            // The server began to stop while this waited: the transport hands the request back instead.
            slots.Release();
            throw new OperationCanceledException(NotRunning);
        }

        return new DispatchSlot(slots);
    }

    /// <inheritdoc />
    public Task<DispatchResult> DispatchAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request.Service);
        return _slots.ContainsKey(request.Service)
            ? DispatchInSlotAsync(request, cancellationToken)
            : DispatchAsync(request, DispatchSlot.Unlimited, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DispatchResult> DispatchAsync(IncomingRequest request, DispatchSlot slot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request.Service);
        ArgumentNullException.ThrowIfNull(slot);
        if (_slots.TryGetValue(request.Service, out SemaphoreSlim? slots) && !slot.IsFrom(slots))
        {
            throw new ArgumentException($"The slot was not taken for service '{request.Service}' with AcquireSlotAsync, or was used already.", nameof(slot));
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            if (Volatile.Read(ref _state) != Running)
            {
                return new DispatchResult(DispatchStatus.NotTaken);
            }

            return await DispatchCoreAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _state) == Stopping)
            {
                _idle.TrySetResult();
            }
        }
    }

    private async Task<DispatchResult> DispatchInSlotAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        DispatchSlot slot;
        try
        {
            // A request still waiting for a slot when the server stops is left to its transport, not run during the drain.
            using CancellationTokenSource waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _draining.Token);
            slot = await AcquireSlotAsync(request.Service, waiting.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return new DispatchResult(DispatchStatus.NotTaken);
        }

        return await DispatchAsync(request, slot, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DispatchResult> DispatchCoreAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        string service = request.Service;
        if (request.Envelope.Length > _limits.MaxEnvelopeBytes)
        {
            return RejectTooLarge(service, request.Envelope);
        }

        Envelope envelope = Envelope.Parse(request.Envelope);
        switch (envelope.Kind)
        {
            case EnvelopeKind.Request or EnvelopeKind.Notification:
                break;
            case EnvelopeKind.Invalid:
                return RejectInvalid(service, envelope, envelope.InvalidReason!);
            default:
                return RejectInvalid(service, envelope, InvalidReasons.NotRequest);
        }

        if (request.Deadline is { } deadline && deadline <= _timeProvider.GetUtcNow())
        {
            _metrics.DeadlineSkipped(service);
            return new DispatchResult(DispatchStatus.Expired);
        }

        // The handler's token: the transport's, the server's abort, and the caller's deadline. Only a dispatch still
        // running after the pipeline returned its task pays for the deadline's timer.
        using var expiry = request.Deadline is null ? null : new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using CancellationTokenSource? linked = cancellationToken.CanBeCanceled || expiry is not null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token, expiry?.Token ?? default)
            : null;
        CancellationToken token = linked?.Token ?? _abort.Token;

        string method = envelope.Method!;
        string? requestId = envelope.Id?.ToString();
        var context = new RpcCallContext(service, method, requestId, request.Deadline, token)
        {
            Envelope = envelope,
            Served = _services.GetValueOrDefault(service),
        };
        Activity? activity = RpcTracing.StartServer(service, method, requestId, request.Trace);
        long started = _metrics.Started(service);
        RpcOutcome? outcome = null;
        Exception? failure = null;
        try
        {
            ValueTask<RpcOutcome> pending = _pipeline(context);
            if (!pending.IsCompleted && expiry is not null)
            {
                TimeSpan left = request.Deadline!.Value - _timeProvider.GetUtcNow();
                expiry.CancelAfter(left > TimeSpan.Zero ? (left < MaxTimer ? left : MaxTimer) : TimeSpan.Zero);
            }

            outcome = await pending.ConfigureAwait(false);
            return new DispatchResult(DispatchStatus.Completed, envelope.Id is { } id && !outcome.IsNone ? outcome.ToReply(id) : null);
        }
        catch (OperationCanceledException ex) when (_abort.IsCancellationRequested)
        {
            failure = ex;
            return new DispatchResult(DispatchStatus.Abandoned);
        }
        catch (OperationCanceledException ex) when (expiry?.IsCancellationRequested == true)
        {
            failure = ex;
            _metrics.DeadlineSkipped(service);
            return new DispatchResult(DispatchStatus.Expired);
        }
        catch (RpcException ex)
        {
            // An interceptor refused the call.
            outcome = RpcOutcome.Failure(ex);
            return new DispatchResult(DispatchStatus.Completed, envelope.Id is { } id ? outcome.ToReply(id) : null);
        }
        catch (Exception ex)
        {
            // An interceptor failed: answer as a handler failure would be answered.
            ProtocolLog.HandlerFailed(_logger, ex, context.QualifiedName);
            outcome = RpcOutcome.Failure(RpcErrorCodes.InternalError, "Internal error");
            return new DispatchResult(DispatchStatus.Completed, envelope.Id is { } id ? EnvelopeWriter.InternalError(id, ex.GetType().Name, ex.Message) : null);
        }
        finally
        {
            _metrics.Ended(started, service, method, RpcTracing.ErrorType(outcome, failure));
            RpcTracing.End(activity, outcome, failure);
        }
    }

    /// <summary>The innermost step of the pipeline: the method's handler, or -32601 for a method nobody serves.</summary>
    private ValueTask<RpcOutcome> InvokeHandlerAsync(RpcCallContext context) => context.Served is { } served
        ? new(served.InvokeAsync(context.Envelope, context, _logger, context.CancellationToken))
        : new(NotServed(context));

    private RpcOutcome NotServed(RpcCallContext context)
    {
        ProtocolLog.MethodNotFound(_logger, context.Service, context.Method);
        return ServedContract.MethodNotFound(context.Envelope);
    }

    private DispatchResult RejectTooLarge(string service, ReadOnlyMemory<byte> bytes)
    {
        ProtocolLog.EnvelopeTooLarge(_logger, service, bytes.Length, _limits.MaxEnvelopeBytes);
        return RejectInvalid(service, Envelope.Parse(bytes), InvalidReasons.TooLarge);
    }

    private DispatchResult RejectInvalid(string service, Envelope envelope, string reason)
    {
        byte[]? reply = envelope.Id is { } id ? EnvelopeWriter.InvalidRequest(id, reason) : null;
        ProtocolLog.InvalidEnvelope(_logger, service, reason, reply is null ? "dropped" : "answered -32600");
        _metrics.InvalidEnvelope(service, reason);
        return new DispatchResult(DispatchStatus.Completed, reply);
    }

    private async Task StopCoreAsync()
    {
        try
        {
            await _draining.CancelAsync().ConfigureAwait(false);
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
