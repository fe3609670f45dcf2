namespace Clamator.Transport;

/// <summary>An envelope a server transport received, with what travelled beside it.</summary>
/// <param name="Service">The service of the queue it came from.</param>
/// <param name="Envelope">The envelope (UTF-8 JSON), as received.</param>
/// <param name="Deadline">When its caller stops waiting, if the transport carried one: the handler is cancelled then,
/// and a request already past it is not run.</param>
/// <param name="Trace">The caller's trace context, if the transport carried one.</param>
public readonly record struct IncomingRequest(string Service, ReadOnlyMemory<byte> Envelope, DateTimeOffset? Deadline = null, TraceHeaders Trace = default);
