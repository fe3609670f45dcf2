using Clamator.Transport;
using Microsoft.Extensions.Logging;

namespace Clamator;

/// <summary>A contract and its implementation as registered with a server core.</summary>
internal abstract class HostedService
{
    public abstract Task<byte[]?> InvokeAsync(Envelope envelope, ILogger logger, CancellationToken cancellationToken);
}

internal sealed class HostedService<TService>(Contract<TService> contract, TService implementation) : HostedService
    where TService : class
{
    public override Task<byte[]?> InvokeAsync(Envelope envelope, ILogger logger, CancellationToken cancellationToken)
    {
        MethodBinding<TService>? binding = contract.Find(envelope.Method!);
        if (binding is null)
        {
            ProtocolLog.MethodNotFound(logger, contract.Service, envelope.Method!);
            return Task.FromResult(envelope.Id is { } id ? EnvelopeWriter.Error(id, RpcErrorCodes.MethodNotFound, "Method not found") : null);
        }

        return binding.InvokeAsync(implementation, envelope, logger, cancellationToken);
    }
}
