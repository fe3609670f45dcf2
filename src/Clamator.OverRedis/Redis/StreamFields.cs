using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>The stream entry fields of docs/protocol.md §5.3.</summary>
internal static class StreamFields
{
    public static readonly RedisValue Type = "type";
    public static readonly RedisValue Rpc = "rpc";
    public static readonly RedisValue Envelope = "envelope";
    public static readonly RedisValue ReplyTo = "reply-to";
    public static readonly RedisValue Deadline = "deadline";
    public static readonly RedisValue TraceParent = "traceparent";
    public static readonly RedisValue TraceState = "tracestate";

    /// <summary>The request fields <paramref name="fields"/> followed by the trace context, when there is one.</summary>
    public static NameValueEntry[] WithTrace(NameValueEntry[] fields, TraceHeaders trace)
    {
        if (trace.TraceParent is null)
        {
            return fields;
        }

        bool state = !string.IsNullOrEmpty(trace.TraceState);
        var all = new NameValueEntry[fields.Length + (state ? 2 : 1)];
        fields.CopyTo(all, 0);
        all[fields.Length] = new NameValueEntry(TraceParent, trace.TraceParent);
        if (state)
        {
            all[fields.Length + 1] = new NameValueEntry(TraceState, trace.TraceState);
        }

        return all;
    }
}
