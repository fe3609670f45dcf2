using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>What is to become of a delivered entry once <see cref="DeliveryStep"/> has run it (its handler included).</summary>
internal enum DeliveryAction
{
    /// <summary>Acknowledge it; nothing is written (notifications, unanswerable or expired entries).</summary>
    Acknowledge,

    /// <summary>Write <see cref="DeliveryOutcome.Reply"/> to <see cref="DeliveryOutcome.ReplyTo"/>, then acknowledge.</summary>
    Reply,

    /// <summary>Copy it to the dead-letter stream with a reason, answer it when it can be answered, then acknowledge.</summary>
    DeadLetter,

    /// <summary>Leave it pending for a later delivery (the server is stopping and did not run it to the end).</summary>
    LeavePending,
}

/// <summary>The decision about one entry: an action, and the reply to write when there is one.</summary>
internal readonly record struct DeliveryOutcome(DeliveryAction Action, byte[]? Reply, RedisValue ReplyTo, string? Reason)
{
    public static DeliveryOutcome Acknowledge { get; } = new(DeliveryAction.Acknowledge, null, RedisValue.Null, null);

    public static DeliveryOutcome LeavePending { get; } = new(DeliveryAction.LeavePending, null, RedisValue.Null, null);

    /// <summary>A reply when there is one and somewhere to write it; otherwise an acknowledgement.</summary>
    public static DeliveryOutcome Answer(byte[]? reply, RedisValue replyTo) =>
        reply is null || replyTo.IsNull ? Acknowledge : new(DeliveryAction.Reply, reply, replyTo, null);

    public static DeliveryOutcome DeadLetter(string reason, byte[]? reply, RedisValue replyTo) =>
        new(DeliveryAction.DeadLetter, replyTo.IsNull ? null : reply, replyTo, reason);
}
