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
}
