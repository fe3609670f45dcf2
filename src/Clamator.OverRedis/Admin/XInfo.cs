using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Reads <c>XINFO STREAM</c>, <c>XINFO GROUPS</c> and <c>XINFO CONSUMERS</c> replies (RESP2 arrays of name/value pairs or
/// RESP3 maps) by field name, so fields a Redis version lacks (<c>entries-added</c> and <c>lag</c> before 7.0,
/// <c>inactive</c> before 7.2) come back as <see langword="null"/> rather than as zero.
/// </summary>
internal static class XInfo
{
    /// <summary><c>XINFO STREAM</c>: length, first and last entry ids, last generated id, entries added.</summary>
    public static async Task<(long Length, string? FirstId, string? LastId, string? LastGeneratedId, long? EntriesAdded)> StreamAsync(IDatabaseAsync db,
        RedisKey key)
    {
        Dictionary<string, RedisResult> info = (await db.ExecuteAsync("XINFO", "STREAM", key).ConfigureAwait(false)).ToDictionary();
        return ((long)info["length"], EntryId(info, "first-entry"), EntryId(info, "last-entry"), Text(info, "last-generated-id"),
            Number(info, "entries-added"));
    }

    /// <summary>
    /// <c>XINFO GROUPS</c>, the group named <paramref name="group"/>: last delivered id, lag, entries read, pending;
    /// <see langword="null"/> when there is none.
    /// </summary>
    public static async Task<(string LastDeliveredId, long? Lag, long? EntriesRead, long Pending)?> GroupAsync(IDatabaseAsync db, RedisKey key, string group)
    {
        RedisResult groups = await db.ExecuteAsync("XINFO", "GROUPS", key).ConfigureAwait(false);
        for (int i = 0; i < groups.Length; i++)
        {
            Dictionary<string, RedisResult> info = groups[i].ToDictionary();
            if (Text(info, "name") == group)
            {
                return (Text(info, "last-delivered-id") ?? "0-0", Number(info, "lag"), Number(info, "entries-read"), Number(info, "pending") ?? 0);
            }
        }

        return null;
    }

    /// <summary><c>XINFO CONSUMERS</c> of <paramref name="group"/>, by name.</summary>
    public static async Task<List<ConsumerStatus>> ConsumersAsync(IDatabaseAsync db, RedisKey key, string group)
    {
        RedisResult consumers = await db.ExecuteAsync("XINFO", "CONSUMERS", key, group).ConfigureAwait(false);
        var list = new List<ConsumerStatus>(consumers.Length);
        for (int i = 0; i < consumers.Length; i++)
        {
            Dictionary<string, RedisResult> info = consumers[i].ToDictionary();
            list.Add(new ConsumerStatus
            {
                Name = Text(info, "name") ?? string.Empty,
                Idle = TimeSpan.FromMilliseconds(Number(info, "idle") ?? 0),
                Inactive = Number(info, "inactive") is { } inactive and >= 0 ? TimeSpan.FromMilliseconds(inactive) : null,
                Pending = Number(info, "pending") ?? 0,
            });
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    /// <summary>Whether <paramref name="error"/> is Redis's answer for a key that does not exist (deleted meanwhile).</summary>
    public static bool IsNoSuchKey(RedisServerException error) => error.Message.StartsWith("ERR no such key", StringComparison.Ordinal);

    private static string? EntryId(Dictionary<string, RedisResult> info, string field) =>
        info.TryGetValue(field, out RedisResult? entry) && !entry.IsNull && entry.Length > 0 ? (string?)entry[0] : null;

    private static string? Text(Dictionary<string, RedisResult> info, string field) =>
        info.TryGetValue(field, out RedisResult? value) && !value.IsNull ? (string?)value : null;

    private static long? Number(Dictionary<string, RedisResult> info, string field) =>
        info.TryGetValue(field, out RedisResult? value) && !value.IsNull
        && long.TryParse((string?)value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n
            : null;
}
