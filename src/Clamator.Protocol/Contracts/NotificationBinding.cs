using Microsoft.Extensions.Logging;

namespace Clamator;

internal sealed class NotificationBinding<TService, TParams>(
    RpcNotification<TParams> notification,
    Func<TService, TParams, CancellationToken, Task> handler) : MethodBinding<TService>
{
    public override RpcMethod Method => notification;

    public override async Task<byte[]?> InvokeAsync(TService implementation, Envelope envelope, ILogger logger, CancellationToken cancellationToken)
    {
        if (!TryReadParams(envelope, notification.Params, out TParams parameters, out ValidationFailure? invalid))
        {
            ProtocolLog.NotificationParamsInvalid(logger, notification.QualifiedName, invalid!.Message);
            return null;
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
        }

        return null;
    }
}
