namespace Clamator.Transport;

/// <summary>
/// W3C trace context as it crosses a transport (docs/protocol.md §5.3: the optional <c>traceparent</c> and
/// <c>tracestate</c> fields of a request entry). Either may be <see langword="null"/>; peers that do not know them
/// neither send nor read them.
/// </summary>
/// <param name="TraceParent">The <c>traceparent</c> value (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>).</param>
/// <param name="TraceState">The <c>tracestate</c> value.</param>
public readonly record struct TraceHeaders(string? TraceParent, string? TraceState)
{
    /// <summary>No trace context.</summary>
    public static TraceHeaders None => default;
}
