namespace Clamator.OverRedis;

/// <summary>The reply streams under a prefix.</summary>
public sealed record ReplyStreamsStatus
{
    /// <summary>Every reply stream, by key.</summary>
    public required IReadOnlyList<ReplyStreamStatus> Streams { get; init; }

    /// <summary>How many there are.</summary>
    public int Count => Streams.Count;

    /// <summary>Their entries, summed.</summary>
    public long TotalLength => Streams.Sum(s => s.Length);

    /// <summary>
    /// Those without a TTL: live clients of this project keep one on their stream and servers of this project set one
    /// with every reply, so such a stream was left by a crash in between, or belongs to peers that set none.
    /// </summary>
    public IReadOnlyList<ReplyStreamStatus> WithoutTtl => [.. Streams.Where(s => s.TimeToLive is null)];
}
