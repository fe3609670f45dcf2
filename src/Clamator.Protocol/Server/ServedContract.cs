using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator;

/// <summary>A contract and where its implementation comes from, as registered with a server core.</summary>
internal abstract class ServedContract
{
    public abstract Task<RpcOutcome> InvokeAsync(Envelope envelope, RpcCallContext context, ILogger logger, CancellationToken cancellationToken);

    /// <summary>The answer to a method no contract has: <c>-32601</c> naming the method in its data, or nothing for a notification.</summary>
    public static RpcOutcome MethodNotFound(Envelope envelope) => envelope.Id is { } id
        ? RpcOutcome.Replied(EnvelopeWriter.MethodNotFound(id, $"{envelope.Service}.{envelope.Method}"), RpcErrorCodes.MethodNotFound, "Method not found")
        : RpcOutcome.None;
}

/// <summary>A contract whose implementation is one instance, or made per call by a factory (one DI scope per call).</summary>
internal sealed class ServedContract<TService>(Contract<TService> contract, Func<RpcCallContext, TService> factory) : ServedContract
    where TService : class
{
    public override Task<RpcOutcome> InvokeAsync(Envelope envelope, RpcCallContext context, ILogger logger, CancellationToken cancellationToken)
    {
        MethodBinding<TService>? binding = contract.Find(envelope.Method!);
        if (binding is null)
        {
            ProtocolLog.MethodNotFound(logger, contract.Service, envelope.Method!);
            return Task.FromResult(MethodNotFound(envelope));
        }

        TService service;
        try
        {
            service = factory(context) ?? throw new InvalidOperationException($"The factory of service '{contract.Service}' returned null.");
        }
        catch (Exception ex)
        {
            ProtocolLog.HandlerFailed(logger, ex, context.QualifiedName);
            return Task.FromResult(envelope.Id is { } id
                ? RpcOutcome.Replied(EnvelopeWriter.InternalError(id, ex.GetType().Name, ex.Message), RpcErrorCodes.InternalError, "Internal error")
                : RpcOutcome.None);
        }

        return binding.InvokeAsync(service, envelope, logger, cancellationToken);
    }
}
