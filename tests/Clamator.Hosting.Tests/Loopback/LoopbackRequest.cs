using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>A request on its way to a server; <see cref="Reply"/> gets the dispatch's result (none for a notification).</summary>
internal sealed record LoopbackRequest(IncomingRequest Request, TaskCompletionSource<DispatchResult>? Reply);
