using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// What a service's consumer group last reported of its backlog (<c>XINFO GROUPS</c>, read by <see cref="GroupMaintenance"/>
/// every reclaim period): entries pending across its consumers and, on Redis 7+, its lag. The gauges and the health
/// check read this value and never go to Redis themselves.
/// </summary>
internal sealed class ServiceBacklog(ConsumerContext context)
{
    private Reading? _last;

    public string Service => context.Service;

    /// <summary>The latest reading; <see langword="null"/> before the first.</summary>
    public Reading? Last => Volatile.Read(ref _last);

    /// <summary>
    /// Reads the group's counts; a group or stream Redis lost (restarted empty) reads as nothing pending until the
    /// read loop recreates it.
    /// </summary>
    public async Task ObserveAsync()
    {
        StreamGroupInfo[] groups;
        try
        {
            groups = await context.Database.StreamGroupInfoAsync(context.Key).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            groups = [];
        }

        StreamGroupInfo? group = groups.FirstOrDefault(g => g.Name == context.Service);
        Volatile.Write(ref _last, new Reading(group?.PendingMessageCount ?? 0, group?.Lag, context.TimeProvider.GetUtcNow()));
    }

    /// <summary>One observation.</summary>
    /// <param name="Pending">Entries delivered and not yet acknowledged.</param>
    /// <param name="Lag">Entries not yet delivered to the group; <see langword="null"/> when Redis does not know (before 7.0, or after some deletions).</param>
    /// <param name="At">When it was read.</param>
    internal sealed record Reading(long Pending, long? Lag, DateTimeOffset At);
}
