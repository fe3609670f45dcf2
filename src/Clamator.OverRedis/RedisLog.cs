using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>Log events of the Redis transport (event ids 2000–2099).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(2001, LogLevel.Warning, "Redis error in the {Loop} loop of {Key}; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop, string key);

    [LoggerMessage(2002, LogLevel.Warning, "Consumer group {Group} of {Key} is missing (stream deleted or Redis restarted empty); recreating it")]
    public static partial void GroupRecreated(ILogger logger, string group, string key);

    [LoggerMessage(2003, LogLevel.Warning, "Entry {EntryId} of {Key} has no envelope; acknowledged and dropped")]
    public static partial void EntryWithoutEnvelope(ILogger logger, string entryId, string key);

    [LoggerMessage(2004, LogLevel.Warning, "Entry {EntryId} of {Key} is {Size} bytes, over MaxEnvelopeBytes {Max}; rejected")]
    public static partial void EnvelopeTooLarge(ILogger logger, string entryId, string key, int size, int max);

    [LoggerMessage(2005, LogLevel.Information, "Entry {EntryId} of {Key} passed its deadline before dispatch; acknowledged without running")]
    public static partial void DeadlinePassed(ILogger logger, string entryId, string key);

    [LoggerMessage(2006, LogLevel.Warning, "Reply to entry {EntryId} of {Key} could not be written; the entry stays pending and will be reclaimed")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, string entryId, string key);

    [LoggerMessage(2007, LogLevel.Warning, "Acknowledging {Count} entries of {Key} failed; they stay pending")]
    public static partial void AckFailed(ILogger logger, Exception exception, int count, string key);

    [LoggerMessage(2008, LogLevel.Warning, "Entry {EntryId} of {Key} was delivered {Deliveries} times; moved to {DeadKey}")]
    public static partial void DeadLettered(ILogger logger, string entryId, string key, long deliveries, string deadKey);

    [LoggerMessage(2009, LogLevel.Warning, "Entry {EntryId} of {Key} names reply-to {ReplyTo}, outside {Expected}*; no reply is written")]
    public static partial void ForeignReplyTo(ILogger logger, string entryId, string key, string replyTo, string expected);

    [LoggerMessage(2010, LogLevel.Warning, "Reply entry {EntryId} of {Key} is unusable ({Reason}); skipped")]
    public static partial void BadReply(ILogger logger, string entryId, string key, string reason);

    [LoggerMessage(2011, LogLevel.Error, "Entry {EntryId} of {Key} failed unexpectedly; it stays pending")]
    public static partial void EntryFailed(ILogger logger, Exception exception, string entryId, string key);

    [LoggerMessage(2012, LogLevel.Information, "Reclaimed {Count} idle entries of {Key}")]
    public static partial void Reclaimed(ILogger logger, int count, string key);

    [LoggerMessage(2013, LogLevel.Warning, "Cleaning up {Key} on stop failed")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string key);
}
