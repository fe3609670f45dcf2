using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace Clamator.Transport;

/// <summary>
/// The transport-neutral client: validates and serializes calls, runs them through the interceptors, traces and
/// measures them, enforces timeouts and cancellation, and maps replies to results or exceptions. Owns its transport and
/// its lifecycle (<see cref="ClientLifecycle"/>: one start, one stop, calls out of turn refused before the transport sees
/// them). A transport's client type (<c>MemoryRpcClient</c>, <c>RedisRpcClient</c>) is composed over one.
/// </summary>
public sealed class RpcClientCore : IRpcClient
{
    private readonly IClientTransport _transport;
    private readonly TimeSpan _defaultTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly CallMetrics _metrics;
    private readonly List<IRpcInterceptor> _interceptors = [];
    private readonly EnvelopeBuffers _buffers = new();
    private readonly CallDeadlines _deadlines;
    private readonly ClientLifecycle _lifecycle;
    private RpcCallHandler _pipeline;

    /// <summary>Creates a client core over <paramref name="transport"/>, which it owns from now on.</summary>
    /// <param name="transport">The transport that carries calls.</param>
    /// <param name="defaultTimeout">The timeout of calls that give none; default 30 s.</param>
    /// <param name="timeProvider">The clock for timeouts; the system clock by default.</param>
    /// <param name="meterFactory">Creates the <c>Clamator</c> meter (DI's, when there is one); a meter of its own otherwise.</param>
    public RpcClientCore(IClientTransport transport, TimeSpan? defaultTimeout = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _lifecycle = new ClientLifecycle(transport);
        _defaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(30);
        ThrowIfBadTimeout(_defaultTimeout, nameof(defaultTimeout));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _deadlines = new CallDeadlines(_timeProvider);
        _metrics = new CallMetrics(meterFactory, server: false);
        _pipeline = SendThroughTransportAsync;
    }

    /// <inheritdoc />
    public void AddInterceptor(IRpcInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        if (!_lifecycle.TryConfigure(() => _interceptors.Add(interceptor)))
        {
            throw new InvalidOperationException("Cannot add an interceptor: the client has already started. Add every interceptor before StartAsync.");
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        _lifecycle.StartAsync(() => _pipeline = RpcPipeline.Build(_interceptors, SendThroughTransportAsync), cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => _lifecycle.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (await _lifecycle.DisposeAsync().ConfigureAwait(false))
        {
            _metrics.Dispose();
        }
    }

    /// <inheritdoc />
    public Task<TResult> CallAsync<TParams, TResult>(
        RpcMethod<TParams, TResult> method, TParams parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        RpcId id = RpcId.NewId();
        byte[] request;
        try
        {
            request = WriteRequest(method, parameters, method.Params, id);
        }
        catch (Exception ex)
        {
            return Task.FromException<TResult>(ex);
        }

        return CallCoreAsync(
            method.Service, method.Name, id, request, timeout, method, static (result, method) => ReadResult(result, method), cancellationToken);
    }

    /// <inheritdoc />
    public Task NotifyAsync<TParams>(RpcNotification<TParams> notification, TParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] envelope = WriteRequest(notification, parameters, notification.Params, null);
        return NotifyCoreAsync(notification.Service, notification.Name, envelope, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JsonElement> CallAsync(string method, JsonElement parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<JsonElement>(cancellationToken);
        }

        string service, name;
        RpcId id = RpcId.NewId();
        byte[] request;
        try
        {
            (service, name) = SplitUntyped(method, parameters);
            request = EnvelopeWriter.Request(_buffers, method, Normalize(parameters), id);
        }
        catch (Exception ex)
        {
            return Task.FromException<JsonElement>(ex);
        }

        return CallCoreAsync(service, name, id, request, timeout, 0, static (result, _) => ParseElement(result), cancellationToken);
    }

    /// <inheritdoc />
    public Task NotifyAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (string service, string name) = SplitUntyped(method, parameters);
        return NotifyCoreAsync(service, name, EnvelopeWriter.Request(_buffers, method, Normalize(parameters), null), cancellationToken);
    }

    /// <summary>The result of <paramref name="method"/> read from its JSON and validated; a result that breaks the contract is the peer's fault.</summary>
    private static TResult ReadResult<TParams, TResult>(ReadOnlyMemory<byte> json, RpcMethod<TParams, TResult> method)
    {
        TResult? result;
        try
        {
            result = JsonSerializer.Deserialize(json.Span, method.Result);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new ClamatorProtocolException(
                $"The result of {method.QualifiedName} is malformed", ValidationFailure.FromSerializerError(ex, method.Result, json));
        }

        ValidationFailure? invalid = result is null
            ? new ValidationFailure([new ValidationIssue([], "Expected object, received null")])
            : ValidationContext.Check(result);
        if (invalid is not null)
        {
            throw new ClamatorProtocolException($"The result of {method.QualifiedName} failed validation", invalid);
        }

        return result!;
    }

    private byte[] WriteRequest<TParams>(RpcMethod method, TParams parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TParams> info, RpcId? id)
    {
        ValidationFailure? invalid = parameters is null
            ? new ValidationFailure([new ValidationIssue([], "Params must not be null")])
            : ValidationContext.Check(parameters);
        if (invalid is not null)
        {
            throw new ClamatorProtocolException($"Invalid params for {method.QualifiedName}", invalid);
        }

        try
        {
            return EnvelopeWriter.Request(_buffers, method.QualifiedName, parameters, info, id);
        }
        catch (JsonException ex)
        {
            // Whatever the writer refused (a null item of a non-nullable list, a non-finite number, a getter that
            // threw), with the path of the member it was writing.
            throw new ClamatorProtocolException($"The params of {method.QualifiedName} could not be serialized", ValidationFailure.FromSerializerError(ex), ex);
        }
    }

    private static (string Service, string Method) SplitUntyped(string method, JsonElement parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!RpcNames.TrySplit(method, out string service, out string name))
        {
            throw new ClamatorProtocolException(
                $"Invalid method '{method}': expected <service>.<method> with service ^[a-z][a-z0-9-]*$ and method ^[a-z][a-zA-Z0-9]*$");
        }

        if (parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new ClamatorProtocolException($"The params of {method} must be a JSON object, not {parameters.ValueKind}");
        }

        return (service, name);
    }

    /// <summary>Absent or <c>null</c> params are sent as <c>{}</c>: Python peers answer -32602 to <c>null</c>.</summary>
    private static JsonElement Normalize(JsonElement parameters) =>
        parameters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? EmptyObject() : parameters;

    private static JsonElement EmptyObject()
    {
        using JsonDocument document = JsonDocument.Parse("{}"u8.ToArray());
        return document.RootElement.Clone();
    }

    private static JsonElement ParseElement(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static void ThrowIfBadTimeout(TimeSpan timeout, string paramName)
    {
        if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, timeout, "A timeout must be positive and at most int.MaxValue milliseconds.");
        }
    }

    /// <summary>
    /// A reply's outcome: <see langword="null"/> for a success (its result is the envelope's), an error outcome for an
    /// error; anything else is the peer's fault.
    /// </summary>
    private static RpcOutcome? ReadReply(in Envelope reply, RpcId id, string service, string method) => reply.Kind switch
    {
        EnvelopeKind.Success when reply.Id == id => null,
        EnvelopeKind.Error when reply.Id is null || reply.Id == id => RpcOutcome.FromReply(reply),
        EnvelopeKind.Invalid => throw new ClamatorProtocolException($"Malformed reply to {service}.{method} ({reply.InvalidReason})"),
        _ => throw new ClamatorProtocolException($"Unexpected reply to {service}.{method}: {reply.Kind} with id {reply.Id}"),
    };

    /// <summary>The innermost step of the pipeline: the transport carries the call and brings back its reply.</summary>
    private async ValueTask<RpcOutcome> SendThroughTransportAsync(RpcCallContext context)
    {
        _lifecycle.ThrowIfNotRunning();
        if (context.RpcId is not { } id)
        {
            await _transport.NotifyAsync(context.Service, context.Request, context.Trace, context.CancellationToken).ConfigureAwait(false);
            return RpcOutcome.None;
        }

        Envelope reply = await _transport.SendAsync(
            new OutgoingCall(context.Service, context.RequestId!, context.Request, context.Deadline!.Value, context.Trace),
            context.CancellationToken).ConfigureAwait(false);
        return ReadReply(reply, id, context.Service, context.Method) ?? RpcOutcome.Success(reply.Result);
    }

    /// <summary>
    /// One call, from its written request to its result: deadline, span, metrics, the interceptors when there are
    /// any (straight to the transport when there are none), and <paramref name="read"/> for a success.
    /// </summary>
    private async Task<TResult> CallCoreAsync<TState, TResult>(
        string service, string method, RpcId id, byte[] request, TimeSpan? timeout, TState state, Func<ReadOnlyMemory<byte>, TState, TResult> read,
        CancellationToken cancellationToken)
    {
        TimeSpan limit = timeout ?? _defaultTimeout;
        ThrowIfBadTimeout(limit, nameof(timeout));
        long startedAt = Stopwatch.GetTimestamp();
        CancellationTokenSource deadline = _deadlines.Start(limit);
        CancellationTokenSource? linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token)
            : null;
        CancellationToken abandon = linked?.Token ?? deadline.Token;
        bool direct = _interceptors.Count == 0;
        string requestId = id.ToString();
        DateTimeOffset deadlineAt = _timeProvider.GetUtcNow() + limit;
        Activity? activity = RpcTracing.StartClient(service, method, requestId);
        TraceHeaders trace = RpcTracing.HeadersOf(activity);
        long started = _metrics.Started(service);
        RpcOutcome? outcome = null;
        ReadOnlyMemory<byte> result = default;
        Exception? failure = null;
        try
        {
            if (direct)
            {
                // No interceptors: straight to the transport, without a context or the pipeline's step of its own.
                _lifecycle.ThrowIfNotRunning();
                Envelope reply = await _transport.SendAsync(new OutgoingCall(service, requestId, request, deadlineAt, trace), abandon).ConfigureAwait(false);
                outcome = ReadReply(reply, id, service, method);
                result = reply.Result;
            }
            else
            {
                var context = new RpcCallContext(service, method, requestId, deadlineAt, abandon) { Request = request, RpcId = id, Trace = trace };
                outcome = await _pipeline(context).ConfigureAwait(false);
                result = outcome.IsSuccess ? outcome.Result : default;
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            _metrics.TimedOut(service);
            failure = new ClamatorTransportException(ClamatorTransportErrorKind.Timeout, ClamatorTransportException.CallTimeoutMessage, ex);
            throw failure;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            failure = new OperationCanceledException("The call was cancelled.", ex, cancellationToken);
            throw failure;
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            End(activity, started, service, method, outcome, failure);
            linked?.Dispose();
            _deadlines.End(deadline, limit, startedAt, seenByTransportOnly: direct && linked is null);
        }

        return outcome is { IsSuccess: false } ? throw outcome.ToException() : read(result, state);
    }

    private async Task NotifyCoreAsync(string service, string method, byte[] envelope, CancellationToken cancellationToken)
    {
        Activity? activity = RpcTracing.StartClient(service, method, null);
        var context = new RpcCallContext(service, method, null, null, cancellationToken)
        {
            Request = envelope,
            Trace = RpcTracing.HeadersOf(activity),
        };
        long started = _metrics.Started(service);
        RpcOutcome? outcome = null;
        Exception? failure = null;
        try
        {
            outcome = await _pipeline(context).ConfigureAwait(false);
            if (!outcome.IsSuccess)
            {
                throw outcome.ToException();
            }
        }
        catch (Exception ex) when (outcome is null)
        {
            failure = ex;
            throw;
        }
        finally
        {
            End(activity, started, service, method, outcome, failure);
        }
    }

    private void End(Activity? activity, long started, string service, string method, RpcOutcome? outcome, Exception? failure)
    {
        _metrics.Ended(started, service, method, RpcTracing.ErrorType(outcome, failure));
        RpcTracing.End(activity, outcome, failure);
    }
}
