using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Redis's clock: the answer to <c>TIME</c> (seconds and microseconds) as Unix epoch milliseconds.</summary>
internal static class RedisClock
{
    public static long Milliseconds(RedisResult time) => ((long)time[0] * 1000) + ((long)time[1] / 1000);
}
