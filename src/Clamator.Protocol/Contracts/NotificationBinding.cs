using Clamator.Transport;
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
    public override async Task<RpcOutcome> InvokeAsync(TService implementation, Envelope envelope, ILogger logger, CancellationToken cancellationToken)
    {
        (ValidationFailure? invalid, Exception? failure) = await RunWithoutReplyAsync(
            notification, notification.Params, envelope, p => handler(implementation, p, cancellationToken), logger, cancellationToken).ConfigureAwait(false);
        return envelope.Id switch
        {
            null => RpcOutcome.None,
            { } id when invalid is not null =>
            RpcOutcome.Replied(EnvelopeWriter.Error(id, RpcErrorCodes.InvalidParams, "Invalid params", invalid), RpcErrorCodes.InvalidParams, "Invalid params"),
            { } id when failure is not null =>
            RpcOutcome.Replied(EnvelopeWriter.InternalError(id, failure.GetType().Name, failure.Message), RpcErrorCodes.InternalError, "Internal error"),
            { } id => RpcOutcome.Replied(EnvelopeWriter.Success(id, "null"u8)),
        };
    }
}
