namespace Clamator.OverRedis;

/// <summary>
/// One consumer of a service as the liveness rule judged it: a consumer of the group, a presence record, or both
/// (matched by consumer name). A fresh record whose consumer is not in the group yet stands alone.
/// </summary>
/// <param name="Name">The consumer's name, <c>&lt;service&gt;:&lt;instanceId&gt;</c>.</param>
/// <param name="State">Live, gone or unknown.</param>
/// <param name="PossibleResponder">Whether it may answer a request now: every live one, and an unknown one the rule cannot rule out.</param>
/// <param name="Group">What <c>XINFO CONSUMERS</c> says of it; <see langword="null"/> when it is not in the group.</param>
/// <param name="Record">Its presence record; <see langword="null"/> when it has none.</param>
internal sealed record ConsumerLivenessEntry(string Name, ConsumerState State, bool PossibleResponder, ConsumerStatus? Group, PresenceRecord? Record)
{
    /// <summary>The state as the word inspect, watch and <c>--json</c> show: <c>live</c>, <c>gone</c> or <c>unknown</c>.</summary>
    public string StateWord => State switch
    {
        ConsumerState.Live => "live",
        ConsumerState.Gone => "gone",
        _ => "unknown",
    };
}
