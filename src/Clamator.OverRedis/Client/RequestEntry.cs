using System.Runtime.InteropServices;
using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// A request's <c>XADD &lt;commands&gt; * type rpc envelope … reply-to … deadline … [traceparent … [tracestate …]]</c>
/// (docs/protocol.md §5.3) as the one argument array of <see cref="IDatabaseAsync.ExecuteAsync(string, ICollection{object}, CommandFlags)"/>.
/// The typed <c>StreamAddAsync</c> copies the fields twice (an array of pairs, then one of values), and every call
/// pays for it. The stream goes in as a <see cref="RedisKey"/>, which a cluster routes to its slot's primary.
/// </summary>
internal static class RequestEntry
{
    public const string Command = "XADD";

    /// <param name="stream">The command stream, a boxed <see cref="RedisKey"/> (boxed once per service).</param>
    /// <param name="envelope">The request envelope.</param>
    /// <param name="replyTo">The client's reply stream.</param>
    /// <param name="deadline">When the caller stops waiting.</param>
    /// <param name="trace">The caller's trace context, if any.</param>
    public static object[] Arguments(object stream, ReadOnlyMemory<byte> envelope, string replyTo, DateTimeOffset deadline, TraceHeaders trace)
    {
        bool traced = trace.TraceParent is not null;
        bool state = traced && !string.IsNullOrEmpty(trace.TraceState);
        object[] arguments = new object[10 + (traced ? 2 : 0) + (state ? 2 : 0)];
        arguments[0] = stream;
        arguments[1] = "*";
        arguments[2] = StreamFields.TypeName;
        arguments[3] = StreamFields.RpcName;
        arguments[4] = StreamFields.EnvelopeName;
        arguments[5] = MemoryMarshal.TryGetArray(envelope, out ArraySegment<byte> whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
            ? whole.Array
            : (RedisValue)envelope;
        arguments[6] = StreamFields.ReplyToName;
        arguments[7] = replyTo;
        arguments[8] = StreamFields.DeadlineName;
        arguments[9] = deadline.ToUnixTimeMilliseconds();
        if (traced)
        {
            arguments[10] = StreamFields.TraceParentName;
            arguments[11] = trace.TraceParent!;
            if (state)
            {
                arguments[12] = StreamFields.TraceStateName;
                arguments[13] = trace.TraceState!;
            }
        }

        return arguments;
    }
}
