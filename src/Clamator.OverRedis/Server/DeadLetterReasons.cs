namespace Clamator.OverRedis;

/// <summary>The <c>reason</c> field of dead-letter entries.</summary>
internal static class DeadLetterReasons
{
    /// <summary>Delivered more than <c>MaxDeliveries</c> times (its handler kept crashing or timing out the worker).</summary>
    public const string MaxDeliveries = "max-deliveries";

    /// <summary>Its reply could not be written for a reason that does not pass (the <c>error</c> field says which).</summary>
    public const string ReplyFailed = "reply-failed";
}
