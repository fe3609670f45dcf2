using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>The stream entry fields of docs/protocol.md §5.3.</summary>
internal static class StreamFields
{
    public const string TypeName = "type", RpcName = "rpc", EnvelopeName = "envelope", ReplyToName = "reply-to", DeadlineName = "deadline";
    public const string TraceParentName = "traceparent", TraceStateName = "tracestate";

    public static readonly RedisValue Type = TypeName;
    public static readonly RedisValue Rpc = RpcName;
    public static readonly RedisValue Envelope = EnvelopeName;
    public static readonly RedisValue ReplyTo = ReplyToName;
    public static readonly RedisValue Deadline = DeadlineName;
    public static readonly RedisValue TraceParent = TraceParentName;
    public static readonly RedisValue TraceState = TraceStateName;

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
