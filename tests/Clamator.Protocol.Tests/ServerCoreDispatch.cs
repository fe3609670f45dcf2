using Clamator.Transport;

namespace Clamator.Tests;

/// <summary>Dispatching a text to a server core as a transport would, for tests that look at the reply only.</summary>
internal static class ServerCoreDispatch
{
    /// <summary>The reply to <paramref name="envelope"/> received for <paramref name="service"/>; throws unless the core completed it.</summary>
    public static async Task<byte[]?> DispatchAsync(this RpcServerCore core, string service, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        DispatchResult result = await core.DispatchAsync(new IncomingRequest(service, envelope), cancellationToken);
        return result.Status == DispatchStatus.Completed
            ? result.Reply
            : throw new ClamatorTransportException(ClamatorTransportErrorKind.Refused, $"the core did not complete the envelope: {result.Status}");
    }
}
