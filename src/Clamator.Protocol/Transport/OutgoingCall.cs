namespace Clamator.Transport;

/// <summary>A request ready for a transport to carry.</summary>
/// <param name="Service">The target service.</param>
/// <param name="Id">The request id's string form, for correlating the reply.</param>
/// <param name="Envelope">The request envelope (UTF-8 JSON).</param>
/// <param name="Deadline">When the caller stops waiting.</param>
/// <param name="Trace">The trace context of the caller's span, for the transport to carry beside the envelope.</param>
public readonly record struct OutgoingCall(string Service, string Id, ReadOnlyMemory<byte> Envelope, DateTimeOffset Deadline, TraceHeaders Trace = default);
