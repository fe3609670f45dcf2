using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>
/// A request on its way to a server; <see cref="Answer"/> hands the dispatch's result back to the caller (none for a
/// notification), on the server's side, so a server that has handed back every result has nothing left to deliver.
/// </summary>
internal sealed record LoopbackRequest(IncomingRequest Request, Action<DispatchResult>? Answer);
