namespace Clamator.OverRedis;

/// <summary>Everything <see cref="RedisAdmin.InspectAsync"/> found under one key prefix.</summary>
public sealed record DeploymentStatus
{
    /// <summary>The key prefix.</summary>
    public required string Prefix { get; init; }

    /// <summary>When it was read (the admin's clock).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The services found, by name.</summary>
    public required IReadOnlyList<ServiceStatus> Services { get; init; }

    /// <summary>The reply streams.</summary>
    public required ReplyStreamsStatus Replies { get; init; }
}
