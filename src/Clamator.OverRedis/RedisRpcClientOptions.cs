namespace Clamator.OverRedis;

/// <summary>Settings of a <see cref="RedisRpcClient"/>, with the defaults of docs/protocol.md §5.4.</summary>
public sealed class RedisRpcClientOptions : RedisTransportOptions
{
    /// <summary>The timeout of calls that give none; default 30 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Replies read per <c>XREAD</c>; default 256.</summary>
    public int ReplyBatchSize { get; set; } = 256;

    private protected override void Validate()
    {
        base.Validate();
        RequirePositive(DefaultTimeout, nameof(DefaultTimeout));
        RequirePositive(ReplyBatchSize, nameof(ReplyBatchSize));
    }
}
