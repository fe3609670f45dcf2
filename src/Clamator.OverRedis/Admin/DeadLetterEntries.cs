using System.Text;
using Clamator.Transport;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Reads dead-letter entries (docs/protocol.md §5.3, §6.8) and turns one back into the request it was.</summary>
internal static class DeadLetterEntries
{
    public static DeadLetter Read(string service, StreamEntry entry)
    {
        var fields = entry.Values.Select(v => new KeyValuePair<string, string>(v.Name!, v.Value!)).ToList();
        string? envelope = Field(fields, StreamFields.Envelope!);
        Envelope? parsed = envelope is null ? null : Transport.Envelope.Parse(Encoding.UTF8.GetBytes(envelope));
        return new DeadLetter
        {
            Id = entry.Id!,
            Service = service,
            DeadLetteredAt = StreamIds.Time(entry.Id),
            Reason = Field(fields, DeadLetterFields.Reason),
            Deliveries = long.TryParse(
            Field(fields, DeadLetterFields.Deliveries), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n)
            ? n : null,
            EntryId = Field(fields, DeadLetterFields.EntryId),
            Error = Field(fields, DeadLetterFields.Error),
            Envelope = envelope,
            Method = parsed is { Service: { } s, Method: { } m } ? $"{s}.{m}" : null,
            RequestId = parsed?.Id?.ToString(),
            ReplyTo = Field(fields, StreamFields.ReplyTo!),
            Deadline = new StreamMessage(entry.Id, entry.Values).Deadline,
            Fields = fields,
        };
    }

    /// <summary>
    /// The original entry's fields, in their order, without those the dead-lettering added; a <c>deadline</c> that has
    /// passed by <paramref name="now"/> is left out too (a server would skip the request unrun), which
    /// <paramref name="deadlineDropped"/> tells.
    /// </summary>
    public static NameValueEntry[] Request(DeadLetter letter, DateTimeOffset now, out bool deadlineDropped)
    {
        deadlineDropped = letter.Deadline is { } deadline && deadline <= now;
        bool dropDeadline = deadlineDropped;
        return [.. letter.Fields
            .Where(f => !DeadLetterFields.All.Contains(f.Key) && !(dropDeadline && f.Key == StreamFields.Deadline))
            .Select(f => new NameValueEntry(f.Key, f.Value))];
    }

    private static string? Field(List<KeyValuePair<string, string>> fields, string name) =>
        fields.FirstOrDefault(f => f.Key == name) is { Key: not null } found ? found.Value : null;
}
