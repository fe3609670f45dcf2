using StackExchange.Redis;

namespace Clamator.OverRedis;

// RedisAdmin: the dead letters of a service (docs/protocol.md §6.8): list, show, replay and purge.
public sealed partial class RedisAdmin
{
    /// <summary>The oldest <paramref name="limit"/> dead letters of <paramref name="service"/>, oldest first.</summary>
    /// <exception cref="ArgumentException">An invalid service name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string service, int limit = 100, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        string dead = RedisKeys.Dead(KeyPrefix, service);
        if (!await RequireStreamAsync(dead, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        StreamEntry[] entries = await _db.StreamRangeAsync(dead, "-", "+", limit).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. entries.Select(e => DeadLetterEntries.Read(service, e))];
    }

    /// <summary>The dead letter <paramref name="id"/> of <paramref name="service"/>; <see langword="null"/> when there is none.</summary>
    /// <exception cref="ArgumentException">An invalid service name or stream id.</exception>
    public async Task<DeadLetter?> GetDeadLetterAsync(string service, string id, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        RequireId(id);
        string dead = RedisKeys.Dead(KeyPrefix, service);
        if (!await RequireStreamAsync(dead, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        StreamEntry[] entries = await _db.StreamRangeAsync(dead, id, id, 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        return entries.Length == 0 ? null : DeadLetterEntries.Read(service, entries[0]);
    }

    /// <summary>
    /// Puts the dead letter <paramref name="id"/> back on the command stream, then deletes it from the dead-letter stream;
    /// <see langword="null"/> when there is none. The new entry has the original fields in their order (so the request keeps
    /// its id and <c>reply-to</c>, and a caller still waiting gets its answer), less those dead-lettering added and less a
    /// <c>deadline</c> that has passed (servers skip such a request unrun). Two replays of one entry at the same moment may
    /// both add it: delivery is at least once anyway.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid service name or stream id.</exception>
    /// <exception cref="InvalidOperationException">The dead letter has no <c>envelope</c>: there is nothing to replay.</exception>
    public async Task<DeadLetterReplay?> ReplayDeadLetterAsync(string service, string id, CancellationToken cancellationToken = default)
    {
        DeadLetter? letter = await GetDeadLetterAsync(service, id, cancellationToken).ConfigureAwait(false);
        return letter is null ? null : await ReplayAsync(letter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replays (<see cref="ReplayDeadLetterAsync"/>) every dead letter of <paramref name="service"/> there was when it
    /// started, oldest first; entries dead-lettered again meanwhile stay.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid service name.</exception>
    /// <exception cref="InvalidOperationException">A dead letter has no <c>envelope</c> (those before it are replayed).</exception>
    public async Task<IReadOnlyList<DeadLetterReplay>> ReplayAllDeadLettersAsync(string service, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        string dead = RedisKeys.Dead(KeyPrefix, service);
        var replays = new List<DeadLetterReplay>();
        if (!await RequireStreamAsync(dead, cancellationToken).ConfigureAwait(false))
        {
            return replays;
        }

        StreamEntry[] newest = await _db.StreamRangeAsync(dead, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (newest.Length == 0)
        {
            return replays;
        }

        RedisValue from = "-";
        while (true)
        {
            StreamEntry[] page = await _db.StreamRangeAsync(dead, from, newest[0].Id, 100).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (page.Length == 0)
            {
                return replays;
            }

            foreach (StreamEntry entry in page)
            {
                replays.Add(await ReplayAsync(DeadLetterEntries.Read(service, entry), cancellationToken).ConfigureAwait(false));
            }

            from = "(" + page[^1].Id;
        }
    }

    /// <summary>Deletes the dead letter <paramref name="id"/>; whether there was one.</summary>
    /// <exception cref="ArgumentException">An invalid service name or stream id.</exception>
    public async Task<bool> PurgeDeadLetterAsync(string service, string id, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        RequireId(id);
        string dead = RedisKeys.Dead(KeyPrefix, service);
        return await RequireStreamAsync(dead, cancellationToken).ConfigureAwait(false)
            && await _db.StreamDeleteAsync(dead, [id]).WaitAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes the dead-letter stream of <paramref name="service"/>; how many entries it held.</summary>
    /// <exception cref="ArgumentException">An invalid service name.</exception>
    public async Task<long> PurgeAllDeadLettersAsync(string service, CancellationToken cancellationToken = default)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        string dead = RedisKeys.Dead(KeyPrefix, service);
        if (!await RequireStreamAsync(dead, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        ITransaction transaction = _db.CreateTransaction();
        Task<long> length = transaction.StreamLengthAsync(dead);
        _ = transaction.KeyDeleteAsync(dead);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await length.ConfigureAwait(false);
    }

    private async Task<DeadLetterReplay> ReplayAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        if (letter.Envelope is null)
        {
            throw new InvalidOperationException(
                $"Dead letter {letter.Id} of {RedisKeys.Dead(KeyPrefix, letter.Service)} has no envelope field: there is nothing to replay (purge it " +
                $"instead).");
        }

        NameValueEntry[] fields = DeadLetterEntries.Request(letter, _time.GetUtcNow(), out bool deadlineDropped);
        RedisValue added = await _db.StreamAddAsync(RedisKeys.Commands(KeyPrefix, letter.Service), fields).WaitAsync(cancellationToken).ConfigureAwait(false);
        await _db.StreamDeleteAsync(RedisKeys.Dead(KeyPrefix, letter.Service), [letter.Id]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DeadLetterReplay { DeadLetterId = letter.Id, EntryId = added!, DeadlineDropped = deadlineDropped };
    }

    private static void RequireId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!StreamIds.IsValid(id))
        {
            throw new ArgumentException($"'{id}' is not a stream entry id (<ms>-<seq>, e.g. 1700000000000-0).", nameof(id));
        }
    }
}
