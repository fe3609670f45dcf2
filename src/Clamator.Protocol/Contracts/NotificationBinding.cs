using Microsoft.Extensions.Logging;

namespace Clamator;

internal sealed class NotificationBinding<TService, TParams>(
    RpcNotification<TParams> notification,
    Func<TService, TParams, CancellationToken, Task> handler) : MethodBinding<TService>
{
    public override RpcMethod Method => notification;

    /// <remarks>
    /// A notification method called with an id (a peer's mistake) still runs; the caller gets
    /// <c>-32602</c> for bad params, <c>-32603</c> for a failure, else a <c>null</c> result, rather than a timeout.
    /// </remarks>
    public override async Task<byte[]?> InvokeAsync(TService implementation, Envelope envelope, ILogger logger, CancellationToken cancellationToken)
    {
        if (!TryReadParams(envelope, notification.Params, out TParams parameters, out ValidationFailure? invalid))
        {
            ProtocolLog.NotificationParamsInvalid(logger, notification.QualifiedName, invalid!.Message);
            return envelope.Id is { } badId ? EnvelopeWriter.Error(badId, RpcErrorCodes.InvalidParams, "Invalid params", invalid) : null;
        }

        try
        {
            await handler(implementation, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            ProtocolLog.HandlerFailed(logger, ex, notification.QualifiedName);
            return envelope.Id is { } failedId ? EnvelopeWriter.InternalError(failedId, ex.GetType().Name, ex.Message) : null;
        }

        return envelope.Id is { } id ? EnvelopeWriter.Success(id, "null"u8) : null;
    }
}
