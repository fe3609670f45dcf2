namespace Clamator.OverRedis;

/// <summary>The key and name scheme of docs/protocol.md §5.1–§5.2.</summary>
internal static class RedisKeys
{
    public static string Commands(string prefix, string service) => $"{prefix}:cmds:{service}";

    public static string Replies(string prefix, string instanceId) => $"{prefix}:replies:{instanceId}";

    public static string RepliesPrefix(string prefix) => $"{prefix}:replies:";

    public static string Dead(string prefix, string service) => $"{prefix}:dead:{service}";

    /// <summary>The presence hash of a service's servers (docs/protocol.md §5.5): field instance id, value a <see cref="PresenceRecord"/>.</summary>
    public static string Presence(string prefix, string service) => $"{prefix}:presence:{service}";

    public static string Consumer(string service, string instanceId) => $"{service}:{instanceId}";
}
