using System.Text.Json;

namespace Clamator.Transport;

/// <summary>
/// The transport-neutral client: validates and serializes calls, enforces timeouts and cancellation,
/// and maps replies to results or exceptions. Owns its transport. A transport's client type
/// (<c>MemoryRpcClient</c>, <c>RedisRpcClient</c>) is composed over one.
/// </summary>
public sealed class RpcClientCore : IRpcClient
{
    private readonly IClientTransport _transport;
    private readonly TimeSpan _defaultTimeout;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client core over <paramref name="transport"/>, which it owns from now on.</summary>
    /// <param name="transport">The transport that carries calls.</param>
    /// <param name="defaultTimeout">The timeout of calls that give none; default 30 s.</param>
    /// <param name="timeProvider">The clock for timeouts; the system clock by default.</param>
    public RpcClientCore(IClientTransport transport, TimeSpan? defaultTimeout = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _defaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(30);
        ThrowIfBadTimeout(_defaultTimeout, nameof(defaultTimeout));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => _transport.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => _transport.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _transport.DisposeAsync();

    /// <inheritdoc />
    public async Task<TResult> CallAsync<TParams, TResult>(RpcMethod<TParams, TResult> method, TParams parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        cancellationToken.ThrowIfCancellationRequested();
        RpcId id = RpcId.NewId();
        byte[] request = WriteRequest(method, parameters, method.Params, id);
        ReadOnlyMemory<byte> reply = await SendAsync(method.Service, id, request, timeout, cancellationToken).ConfigureAwait(false);
        Envelope envelope = ExpectSuccess(reply, id, method.QualifiedName);

        TResult? result;
        try
        {
            result = JsonSerializer.Deserialize(envelope.Result.Span, method.Result);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new ClamatorProtocolException($"The result of {method.QualifiedName} is malformed", ValidationFailure.FromSerializerError(ex, method.Result, envelope.Result));
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

    /// <inheritdoc />
    public Task NotifyAsync<TParams>(RpcNotification<TParams> notification, TParams parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] envelope = WriteRequest(notification, parameters, notification.Params, null);
        return _transport.NotifyAsync(notification.Service, envelope, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<JsonElement> CallAsync(string method, JsonElement parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (string service, string name) = SplitUntyped(method, parameters);
        RpcId id = RpcId.NewId();
        byte[] request = EnvelopeWriter.Request(service, name, Normalize(parameters), id);
        ReadOnlyMemory<byte> reply = await SendAsync(service, id, request, timeout, cancellationToken).ConfigureAwait(false);
        return ParseElement(ExpectSuccess(reply, id, method).Result);
    }

    /// <inheritdoc />
    public Task NotifyAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (string service, string name) = SplitUntyped(method, parameters);
        return _transport.NotifyAsync(service, EnvelopeWriter.Request(service, name, Normalize(parameters), null), cancellationToken);
    }

    private static byte[] WriteRequest<TParams>(RpcMethod method, TParams parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TParams> info, RpcId? id)
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
            return EnvelopeWriter.Request(method.Service, method.Name, parameters, info, id);
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

    private static Envelope ExpectSuccess(ReadOnlyMemory<byte> reply, RpcId id, string method)
    {
        Envelope envelope = Envelope.Parse(reply);
        switch (envelope.Kind)
        {
            case EnvelopeKind.Success when envelope.Id == id:
                return envelope;
            case EnvelopeKind.Error when envelope.Id is null || envelope.Id == id:
                throw new RpcException(envelope.ErrorCode, envelope.ErrorMessage!, envelope.ErrorData.IsEmpty ? null : ParseElement(envelope.ErrorData));
            case EnvelopeKind.Invalid:
                throw new ClamatorProtocolException($"Malformed reply to {method} ({envelope.InvalidReason})");
            default:
                throw new ClamatorProtocolException($"Unexpected reply to {method}: {envelope.Kind} with id {envelope.Id}");
        }
    }

    private async Task<ReadOnlyMemory<byte>> SendAsync(string service, RpcId id, byte[] request, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        TimeSpan limit = timeout ?? _defaultTimeout;
        ThrowIfBadTimeout(limit, nameof(timeout));
        using var deadline = new CancellationTokenSource(limit, _timeProvider);
        using CancellationTokenSource? linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token)
            : null;
        var call = new OutgoingCall(service, id.ToString(), request, _timeProvider.GetUtcNow() + limit);
        try
        {
            return await _transport.SendAsync(call, linked?.Token ?? deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new ClamatorTransportException(ClamatorTransportException.CallTimeoutMessage, ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", ex, cancellationToken);
        }
    }
}
