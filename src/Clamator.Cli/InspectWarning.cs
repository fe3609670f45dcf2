using System.Globalization;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary>One thing <c>inspect</c> highlights; <see cref="Kind"/> is one of the documented kinds, <see cref="Service"/> null for reply streams.</summary>
internal sealed record InspectWarning(string? Service, string Kind, string Message)
{
    /// <summary>
    /// What deserves an operator's eye: a service with a command stream and no live consumer (<c>no-live-consumer</c>),
    /// entries not yet delivered (<c>lag</c>), a pending entry older than the claim time (<c>old-pending</c>), a consumer
    /// idle past the claim time that still holds entries (<c>idle-consumer-with-pending</c>: a crashed server), dead
    /// letters (<c>dead-letters</c>), and reply streams without a TTL (<c>reply-without-ttl</c>).
    /// </summary>
    public static List<InspectWarning> For(DeploymentStatus status, TimeSpan claimIdle)
    {
        var warnings = new List<InspectWarning>();
        foreach (ServiceStatus s in status.Services)
        {
            warnings.AddRange(For(s, claimIdle));
        }

        if (status.Replies.WithoutTtl.Count is var without and > 0)
        {
            warnings.Add(new(null, "reply-without-ttl",
                $"{without} reply stream(s) without a TTL " +
                $"({string.Join(", ", status.Replies.WithoutTtl.Take(3).Select(r => r.Key))}{(without > 3 ? ", …" : string.Empty)}): see clamator replies gc"));
        }

        return warnings;
    }

    public static IEnumerable<InspectWarning> For(ServiceStatus s, TimeSpan claimIdle)
    {
        if (s.StreamExists && !s.HasLiveConsumer)
        {
            yield return new(s.Service, "no-live-consumer", NoLiveConsumer(s));
        }

        if (s.Group is { } g)
        {
            if (g.Lag is > 0)
            {
                yield return new(s.Service, "lag", Invariant($"{g.Lag} entries not yet delivered to any server"));
            }

            if (g.OldestPending is { } p && p.Age > claimIdle)
            {
                yield return new(s.Service, "old-pending",
                    $"oldest pending entry {p.Id} (at {p.Consumer}) is {Durations.Format(p.Age)} old, older than the claim time " +
                    $"({Durations.Format(claimIdle)})");
            }

            foreach (ConsumerStatus c in g.Consumers.Where(c => c.Pending > 0 && c.Idle > claimIdle))
            {
                yield return new(s.Service, "idle-consumer-with-pending",
                    Invariant($"consumer {c.Name} has been idle {Durations.Format(c.Idle)} with {c.Pending} pending: ")
                    + "a gone server, whose entries wait for a reclaim");
            }
        }

        if (s.DeadLetters > 0)
        {
            yield return new(s.Service, "dead-letters", Invariant($"{s.DeadLetters} dead letter(s): see clamator dead list {s.Service}"));
        }
    }

    /// <summary>Why no consumer of <paramref name="s"/> is live: no group, gone servers (and how long ago they beat), consumers without heartbeats.</summary>
    private static string NoLiveConsumer(ServiceStatus s)
    {
        if (s.Group is null)
        {
            return "no live consumer: no consumer group, no server has started for it";
        }

        var parts = new List<string>();
        int gone = s.Group.Consumers.Count(c => c.State == ConsumerState.Gone) + s.Presence.Count(
            p => p.State == ConsumerState.Gone && !s.Group.Consumers.Any(c => c.Name == p.Consumer));
        if (gone > 0)
        {
            TimeSpan newest = s.Presence.Select(p => p.LastBeatAge).DefaultIfEmpty(TimeSpan.Zero).Min();
            parts.Add(Invariant($"{gone} gone (last heartbeat {Durations.Format(newest)} ago)"));
        }

        int unknown = s.Group.Consumers.Count(c => c.State == ConsumerState.Unknown);
        if (unknown > 0)
        {
            parts.Add(Invariant($"{unknown} unknown (no heartbeat: a TypeScript or Python server, or an older .NET one, may still serve it)"));
        }

        return parts.Count == 0 ? "no live consumer: no consumer and no heartbeat" : $"no live consumer: {string.Join(", ", parts)}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
