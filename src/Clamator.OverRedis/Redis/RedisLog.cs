using Microsoft.Extensions.Logging;

namespace Clamator.OverRedis;

/// <summary>Log events of the Redis transport (event ids 2000–2099).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(2001, LogLevel.Warning, "Redis error in the {Loop} loop of {Key}; retrying with backoff (quietly, at Debug) until it recovers")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop, string key);

    [LoggerMessage(2002, LogLevel.Warning, "Consumer group {Group} of {Key} is missing (stream deleted or Redis restarted empty); recreating it")]
    public static partial void GroupRecreated(ILogger logger, string group, string key);

    [LoggerMessage(2003, LogLevel.Warning, "Entry {EntryId} of {Key} has no envelope; acknowledged and dropped")]
    public static partial void EntryWithoutEnvelope(ILogger logger, string entryId, string key);

    // 2004 (envelope over MaxEnvelopeBytes) is logged by the server core now, as 1007.

    [LoggerMessage(2005, LogLevel.Information, "Entry {EntryId} of {Key} passed its deadline before dispatch; acknowledged without running")]
    public static partial void DeadlinePassed(ILogger logger, string entryId, string key);

    [LoggerMessage(2006, LogLevel.Warning,
        "Reply to entry {EntryId} of {Key} could not be written in the time allowed; the entry stays pending and will be reclaimed")]
    public static partial void ReplyFailed(ILogger logger, Exception exception, string entryId, string key);

    [LoggerMessage(2007, LogLevel.Warning, "Acknowledging {Count} entries of {Key} failed; they stay pending and will be reclaimed")]
    public static partial void AckFailed(ILogger logger, Exception exception, int count, string key);

    [LoggerMessage(2008, LogLevel.Warning, "Entry {EntryId} of {Key} was dead-lettered ({Reason}, {Deliveries} deliveries) to {DeadKey}")]
    public static partial void DeadLettered(ILogger logger, string entryId, string key, string reason, long deliveries, string deadKey);

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

    [LoggerMessage(2014, LogLevel.Error, "Reply to entry {EntryId} of {Key} was refused by Redis for {ReplyTo}; the entry is dead-lettered")]
    public static partial void ReplyRefused(ILogger logger, Exception exception, string entryId, string key, string replyTo);

    [LoggerMessage(2015, LogLevel.Information, "Reply to entry {EntryId} of {Key} could not be written before its caller's deadline; acknowledged unanswered")]
    public static partial void ReplyExpired(ILogger logger, Exception exception, string entryId, string key);

    [LoggerMessage(2016, LogLevel.Error, "Entry {EntryId} of {Key} could not be copied to {DeadKey}; it stays pending")]
    public static partial void DeadLetterFailed(ILogger logger, Exception exception, string entryId, string key, string deadKey);

    [LoggerMessage(2017, LogLevel.Information, "Consumer {Consumer} of {Key} was idle {IdleMs} ms with nothing pending; removed")]
    public static partial void ConsumerPruned(ILogger logger, string consumer, string key, long idleMs);

    [LoggerMessage(2018, LogLevel.Warning, "Sending to {Key} failed transiently; retrying each send within its call's deadline")]
    public static partial void SendRetried(ILogger logger, Exception exception, string key);

    [LoggerMessage(2058, LogLevel.Debug, "Sending to {Key} still fails ({Retried} sends retried so far): {Reason}")]
    public static partial void SendStillRetrying(ILogger logger, string key, int retried, string reason);

    [LoggerMessage(2059, LogLevel.Information, "Sending to {Key} recovered after {Seconds:0.0} s, {Retried} sends retried")]
    public static partial void SendRecovered(ILogger logger, string key, double seconds, int retried);

    [LoggerMessage(2019, LogLevel.Warning, "{Count} calls waiting on {ReplyKey} can no longer be answered (their requests are gone from Redis); failed")]
    public static partial void CallsLost(ILogger logger, int count, string replyKey);

    [LoggerMessage(2020, LogLevel.Warning,
        "{Count} calls waiting on {ReplyKey} had their requests lost by Redis (restarted empty, failed over, stream deleted); sent again within their " +
        "deadlines")]
    public static partial void CallsResent(ILogger logger, int count, string replyKey);

    [LoggerMessage(2030, LogLevel.Warning, "No responders for {Service} under prefix {Prefix}: {Reason}; calls to it fail at once")]
    public static partial void NoResponders(ILogger logger, string service, string prefix, string reason);

    [LoggerMessage(2031, LogLevel.Information, "{Service} under prefix {Prefix} has responders again")]
    public static partial void RespondersBack(ILogger logger, string service, string prefix);

    [LoggerMessage(2032, LogLevel.Debug, "Reading the responders of {Service} failed; its calls proceed as sent")]
    public static partial void ResponderViewFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(2033, LogLevel.Warning, "{Count} calls waiting on {Service} failed: no responders ({Reason})")]
    public static partial void WaitingCallsUnanswered(ILogger logger, int count, string service, string reason);

    [LoggerMessage(2050, LogLevel.Debug, "The {Loop} loop of {Key} is still failing (retry {Retries}): {Reason}")]
    public static partial void LoopStillFailing(ILogger logger, string loop, string key, int retries, string reason);

    [LoggerMessage(2051, LogLevel.Information, "The {Loop} loop of {Key} recovered after {Seconds:0.0} s, {Retries} retries")]
    public static partial void LoopRecovered(ILogger logger, string loop, string key, double seconds, int retries);

    // The reason is the whole story (what, where, what to check): the exception's SE.Redis detail goes with the Debug lines.
    [LoggerMessage(2052, LogLevel.Warning, "The Redis {Role} cannot start yet, waiting for Redis at {Where} and retrying: {Reason}")]
    public static partial void StartWaiting(ILogger logger, string role, string where, string reason);

    [LoggerMessage(2053, LogLevel.Debug, "The Redis {Role} still cannot start (retry {Retries}) at {Where}: {Reason}")]
    public static partial void StartRetrying(ILogger logger, Exception exception, string role, string where, int retries, string reason);

    [LoggerMessage(2054, LogLevel.Information, "The Redis {Role} reached Redis at {Where} after {Seconds:0.0} s, {Retries} retries")]
    public static partial void StartRecovered(ILogger logger, string role, string where, double seconds, int retries);

    [LoggerMessage(2055, LogLevel.Information,
        "Redis server started: {Url}, key prefix {KeyPrefix}, instance {InstanceId}, services {Services}; MaxConcurrency {MaxConcurrency}, BatchSize " +
        "{BatchSize}, MaxEnvelopeBytes {MaxEnvelopeBytes}, MaxDeliveries {MaxDeliveries}, ConsumerClaimIdle {ConsumerClaimIdle}")]
    public static partial void ServerStarted(
        ILogger logger, string url, string keyPrefix, string instanceId, string services, int maxConcurrency, int batchSize, int maxEnvelopeBytes,
        int maxDeliveries, TimeSpan consumerClaimIdle);

    [LoggerMessage(2056, LogLevel.Information,
        "Redis client started: {Url}, key prefix {KeyPrefix}, instance {InstanceId}, reply stream {ReplyKey}; DefaultTimeout {DefaultTimeout}, " +
        "ReplyBatchSize {ReplyBatchSize}")]
    public static partial void ClientStarted(
        ILogger logger, string url, string keyPrefix, string instanceId, string replyKey, TimeSpan defaultTimeout, int replyBatchSize);

    [LoggerMessage(2057, LogLevel.Debug, "Refreshing the TTL of {Key} failed ({Reason}); the heartbeat sets it again")]
    public static partial void TtlRefreshFailed(ILogger logger, string key, string reason);
}
