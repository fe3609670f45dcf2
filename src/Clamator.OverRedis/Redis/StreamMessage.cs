using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>One stream entry as read from Redis; <see cref="Fields"/> is empty for an entry deleted while pending.</summary>
internal readonly record struct StreamMessage(RedisValue Id, NameValueEntry[] Fields)
{
    public RedisValue this[RedisValue field]
    {
        get
        {
            foreach (NameValueEntry entry in Fields)
            {
                if (entry.Name == field)
                {
                    return entry.Value;
                }
            }

            return RedisValue.Null;
        }
    }

    /// <summary>
    /// The entry's <c>deadline</c> (epoch milliseconds, written by our clients; foreign clients send none), or
    /// <see langword="null"/> when it has none or it is not an integer. Out-of-range values are clamped.
    /// </summary>
    public DateTimeOffset? Deadline
    {
        get
        {
            RedisValue deadline = this[StreamFields.Deadline];
            if (deadline.IsNullOrEmpty || !deadline.TryParse(out long epochMs))
            {
                return null;
            }

            return epochMs <= MinEpochMs ? DateTimeOffset.MinValue
                : epochMs >= MaxEpochMs ? DateTimeOffset.MaxValue
                : DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
        }
    }

    /// <summary>The entry's <c>traceparent</c> and <c>tracestate</c> (written by our clients; foreign ones may send none).</summary>
    public TraceHeaders Trace
    {
        get
        {
            RedisValue parent = this[StreamFields.TraceParent];
            if (parent.IsNullOrEmpty)
            {
                return TraceHeaders.None;
            }

            RedisValue state = this[StreamFields.TraceState];
            return new TraceHeaders(parent, state.IsNullOrEmpty ? null : (string?)state);
        }
    }

    private static long MinEpochMs => DateTimeOffset.MinValue.ToUnixTimeMilliseconds();

    private static long MaxEpochMs => DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static StreamMessage From(StreamEntry entry) => new(entry.Id, entry.IsNull ? [] : entry.Values);

    /// <summary>
    /// Reads the reply of <c>XREAD</c>/<c>XREADGROUP</c> for a single stream: nil (timeout) or
    /// <c>[[key, [[id, [field, value, ...]], ...]]]</c>; RESP3 maps (<c>{key: entries}</c>) are accepted too.
    /// </summary>
    public static List<StreamMessage> ParseRead(RedisResult result)
    {
        var messages = new List<StreamMessage>();
        if (result.IsNull || result.Length == 0)
        {
            return messages;
        }

        RedisResult entries = result.Resp3Type == ResultType.Map ? result[1] : result[0][1];
        for (int i = 0; i < entries.Length; i++)
        {
            RedisResult entry = entries[i];
            RedisResult fields = entry[1];
            NameValueEntry[] values;
            if (fields.IsNull || fields.Length == 0)
            {
                values = [];
            }
            else
            {
                values = new NameValueEntry[fields.Length / 2];
                for (int f = 0; f < values.Length; f++)
                {
                    values[f] = new NameValueEntry((RedisValue)fields[2 * f], (RedisValue)fields[(2 * f) + 1]);
                }
            }

            messages.Add(new StreamMessage((RedisValue)entry[0], values));
        }

        return messages;
    }
}
