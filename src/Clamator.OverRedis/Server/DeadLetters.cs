using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Writes dead letters to <c>&lt;prefix&gt;:dead:&lt;service&gt;</c>: the original entry's fields, then <c>reason</c>,
/// <c>deliveries</c>, <c>entry-id</c> (the entry's id in the command stream) and, for a failure, <c>error</c>; capped at
/// about <c>DeadLetterMaxLength</c> entries. A copy is written once: when a write fails in a way that passes, the
/// newest dead letters are searched for its <c>entry-id</c> before it is sent again, since the first try may have
/// landed with only its answer lost.
/// </summary>
internal sealed class DeadLetters(ConsumerContext context)
{
    /// <summary>How many of the newest dead letters are searched for a copy that landed unanswered.</summary>
    private const int LandedSearch = 64;

    /// <summary>Writes the copy; returns <see langword="null"/> once it is in the stream, else the last failure.</summary>
    public Task<Exception?> WriteOnceAsync(StreamMessage message, long deliveries, string reason, string? error, CancellationToken abandon)
    {
        NameValueEntry[] added = [new(DeadLetterFields.Reason, reason), new(DeadLetterFields.Deliveries, deliveries),
            new(DeadLetterFields.EntryId, message.Id)];
        NameValueEntry[] fields = error is null ? [.. message.Fields, .. added] : [.. message.Fields, .. added, new(DeadLetterFields.Error, error)];
        var attempt = new Attempt(this, message.Id, fields);
        return RedisRetry.RunAsync(
            static a => a.RunAsync(), attempt, context.TimeProvider.GetUtcNow() + context.Schedule.ClaimIdle, context.Options.MaxRetryDelay,
            context.TimeProvider, abandon);
    }

    private async Task<bool> LandedAsync(RedisValue entryId)
    {
        StreamEntry[] newest = await context.Database.StreamRangeAsync(context.DeadKey, "-", "+", LandedSearch, Order.Descending).ConfigureAwait(false);
        return newest.Any(e => e[DeadLetterFields.EntryId] == entryId);
    }

    private Task AddAsync(NameValueEntry[] fields) =>
        context.Database.StreamAddAsync(context.DeadKey, fields, maxLength: context.Options.DeadLetterMaxLength, useApproximateMaxLength: true);

    /// <summary>One copy's tries: the first is a plain XADD, each retry first looks for the copy the last one may have left.</summary>
    private sealed class Attempt(DeadLetters owner, RedisValue entryId, NameValueEntry[] fields)
    {
        private bool _tried;

        public async Task RunAsync()
        {
            if (_tried && await owner.LandedAsync(entryId).ConfigureAwait(false))
            {
                return;
            }

            _tried = true;
            await owner.AddAsync(fields).ConfigureAwait(false);
        }
    }
}
