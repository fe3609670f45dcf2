namespace Clamator.OverRedis;

/// <summary>A dead letter put back on its command stream by <see cref="RedisAdmin.ReplayDeadLetterAsync"/>.</summary>
public sealed record DeadLetterReplay
{
    /// <summary>Its id in the dead-letter stream, from which it is now deleted.</summary>
    public required string DeadLetterId { get; init; }

    /// <summary>The id of the new entry in the command stream.</summary>
    public required string EntryId { get; init; }

    /// <summary>Whether its <c>deadline</c> had passed and was left out, so that servers run it rather than skip it.</summary>
    public required bool DeadlineDropped { get; init; }
}
