using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>The service's consumer group: created at start, recreated when a command finds it missing.</summary>
internal sealed class ConsumerGroup(ConsumerContext context)
{
    /// <summary>Creates the group at the end of the stream (docs/protocol.md §6.1: <c>$</c>, <c>MKSTREAM</c>) unless it exists.</summary>
    public Task CreateAsync() => EnsureAsync("$");

    /// <summary>
    /// The repair for loops: when <paramref name="failure"/> says the group is gone (stream deleted, Redis
    /// restarted empty), recreates it and returns true.
    /// </summary>
    public async Task<bool> RecoverAsync(Exception failure)
    {
        if (RedisErrors.Classify(failure) != RedisFailure.NoGroup)
        {
            return false;
        }

        RedisLog.GroupRecreated(context.Logger, context.Service, context.Key);

        // From the start of the stream, not "$": requests added since it was recreated are not skipped.
        await EnsureAsync("0").ConfigureAwait(false);
        return true;
    }

    private async Task EnsureAsync(RedisValue position)
    {
        try
        {
            await context.Database.StreamCreateConsumerGroupAsync(context.Key, context.Service, position, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }
}
