using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator;

internal sealed class RequestBinding<TService, TParams, TResult>(
    RpcMethod<TParams, TResult> method,
    Func<TService, TParams, CancellationToken, Task<TResult>> handler) : MethodBinding<TService>
{
    public override RpcMethod Method => method;

    public override async Task<RpcOutcome> InvokeAsync(TService implementation, Envelope envelope, ILogger logger, CancellationToken cancellationToken)
    {
        if (envelope.Id is not { } id)
        {
            // A notification addressed to a request method: run it, answer nothing, whatever happens.
            await RunWithoutReplyAsync(
                method, method.Params, envelope, p => handler(implementation, p, cancellationToken), logger, cancellationToken).ConfigureAwait(false);
            return RpcOutcome.None;
        }

        if (!TryReadParams(envelope, method.Params, out TParams parameters, out ValidationFailure? invalid))
        {
            return RpcOutcome.Replied(
                EnvelopeWriter.Error(id, RpcErrorCodes.InvalidParams, "Invalid params", invalid!), RpcErrorCodes.InvalidParams, "Invalid params");
        }

        TResult result;
        try
        {
            result = await handler(implementation, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            return RpcOutcome.Replied(EnvelopeWriter.Error(id, ex.Code, ex.Message, ex.Data), ex.Code, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            ProtocolLog.HandlerFailed(logger, ex, method.QualifiedName);
            return RpcOutcome.Replied(EnvelopeWriter.InternalError(id, ex.GetType().Name, ex.Message), RpcErrorCodes.InternalError, "Internal error");
        }

        ValidationFailure? resultInvalid = result is null
            ? new ValidationFailure([new ValidationIssue([], "Result must not be null")])
            : ValidationContext.Check(result);
        if (resultInvalid is null)
        {
            try
            {
                return RpcOutcome.Replied(EnvelopeWriter.Success(id, result, method.Result));
            }
            catch (System.Text.Json.JsonException ex)
            {
                // Whatever the result's serialization threw (a non-finite number, a failing getter or converter):
                // the writer reports it with the path of the member it was writing.
                resultInvalid = ValidationFailure.FromSerializerError(ex);
            }
        }

        ProtocolLog.ResultInvalid(logger, method.QualifiedName, resultInvalid.Message);
        return RpcOutcome.Replied(
            EnvelopeWriter.Error(id, RpcErrorCodes.InternalError, "Result validation failed", resultInvalid), RpcErrorCodes.InternalError,
            "Result validation failed");
    }
}
