using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator;

/// <summary>A contract method joined to its handler: the dispatch pipeline of docs/protocol.md §4.4 for one method.</summary>
internal abstract class MethodBinding<TService>
{
    public abstract RpcMethod Method { get; }

    /// <summary>
    /// Runs the method. Returns the answer for requests and <see cref="RpcOutcome.None"/> for notifications.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> was cancelled.
    /// </summary>
    public abstract Task<RpcOutcome> InvokeAsync(TService implementation, Envelope envelope, ILogger logger, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a handler as a notification: bad params and failures are logged, nothing is answered.
    /// Returns the failure, if any, for callers that answer anyway.
    /// </summary>
    protected static async Task<(ValidationFailure? Invalid, Exception? Failure)> RunWithoutReplyAsync<TParams>(
        RpcMethod method, JsonTypeInfo<TParams> info, Envelope envelope, Func<TParams, Task> run, ILogger logger, CancellationToken cancellationToken)
    {
        if (!TryReadParams(envelope, info, out TParams parameters, out ValidationFailure? invalid))
        {
            ProtocolLog.NotificationParamsInvalid(logger, method.QualifiedName, invalid!.Message);
            return (invalid, null);
        }

        try
        {
            await run(parameters).ConfigureAwait(false);
            return (null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            ProtocolLog.HandlerFailed(logger, ex, method.QualifiedName);
            return (null, ex);
        }
    }

    /// <summary>Deserializes and validates params; a missing or null <c>params</c> reads as <c>{}</c>.</summary>
    protected static bool TryReadParams<TParams>(Envelope envelope, JsonTypeInfo<TParams> info, out TParams value, out ValidationFailure? failure)
    {
        value = default!;
        if (envelope.ParamsFailure is { } unreadable)
        {
            failure = unreadable;
            return false;
        }

        try
        {
            ReadOnlySpan<byte> json = envelope.Params.IsEmpty ? "{}"u8 : envelope.Params.Span;
            TParams? parsed = JsonSerializer.Deserialize(json, info);
            if (parsed is null)
            {
                failure = new ValidationFailure([new ValidationIssue([], "Expected object, received null")]);
                return false;
            }

            value = parsed;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            failure = ValidationFailure.FromSerializerError(ex, info, envelope.Params);
            return false;
        }

        failure = ValidationContext.Check(value);
        return failure is null;
    }
}
