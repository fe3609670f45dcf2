using System.Text.Json;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary>
/// The <c>--json</c> schemas (camelCase, documented in docs/cli.md): durations are
/// integer milliseconds named <c>…Ms</c>, times ISO 8601 UTC, and a value Redis does not report (before 7.0) is
/// <c>null</c>, never left out.
/// </summary>
internal static class JsonReport
{
    public static void Deployment(Utf8JsonWriter w, DeploymentStatus status, IReadOnlyList<InspectWarning> warnings)
    {
        w.WriteStartObject();
        w.WriteString("prefix", status.Prefix);
        w.WriteString("at", status.At.UtcDateTime);
        w.WriteStartArray("services");
        foreach (ServiceStatus service in status.Services)
        {
            Service(w, service);
        }

        w.WriteEndArray();
        w.WritePropertyName("replies");
        Replies(w, status.Replies);
        w.WriteStartArray("warnings");
        foreach (InspectWarning warning in warnings)
        {
            w.WriteStartObject();
            w.WriteString("service", warning.Service);
            w.WriteString("kind", warning.Kind);
            w.WriteString("message", warning.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Service(Utf8JsonWriter w, ServiceStatus s)
    {
        w.WriteStartObject();
        w.WriteString("service", s.Service);
        w.WriteString("commandStream", s.CommandStream);
        w.WriteBoolean("streamExists", s.StreamExists);
        w.WriteNumber("length", s.Length);
        w.WriteString("firstEntryId", s.FirstEntryId);
        w.WriteString("lastEntryId", s.LastEntryId);
        w.WriteString("lastGeneratedId", s.LastGeneratedId);
        Number(w, "entriesAdded", s.EntriesAdded);
        w.WritePropertyName("group");
        if (s.Group is { } g)
        {
            w.WriteStartObject();
            w.WriteString("name", g.Name);
            w.WriteString("lastDeliveredId", g.LastDeliveredId);
            Number(w, "lag", g.Lag);
            Number(w, "entriesRead", g.EntriesRead);
            w.WriteNumber("pending", g.Pending);
            w.WritePropertyName("oldestPending");
            if (g.OldestPending is { } p)
            {
                w.WriteStartObject();
                w.WriteString("id", p.Id);
                w.WriteString("consumer", p.Consumer);
                w.WriteNumber("ageMs", Ms(p.Age));
                w.WriteNumber("idleMs", Ms(p.Idle));
                w.WriteNumber("deliveries", p.Deliveries);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartArray("consumers");
            foreach (ConsumerStatus c in g.Consumers)
            {
                Consumer(w, c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteString("deadLetterStream", s.DeadLetterStream);
        w.WriteNumber("deadLetters", s.DeadLetters);
        PresenceList(w, s.Presence);
        w.WriteEndObject();
    }

    /// <summary><c>"presence"</c>: every presence record of a service, each with its <c>state</c>.</summary>
    public static void PresenceList(Utf8JsonWriter w, IReadOnlyList<PresenceStatus> records)
    {
        w.WriteStartArray("presence");
        foreach (PresenceStatus p in records)
        {
            Presence(w, p);
        }

        w.WriteEndArray();
    }

    /// <summary>One presence record: who the server is, its state, its last beat and its counters.</summary>
    public static void Presence(Utf8JsonWriter w, PresenceStatus p)
    {
        w.WriteStartObject();
        w.WriteString("consumer", p.Consumer);
        w.WriteString("state", StateWord(p.State));
        w.WriteString("instance", p.Instance);
        w.WriteString("host", p.Host);
        w.WriteNumber("pid", p.ProcessId);
        w.WriteString("version", p.Version);
        Time(w, "startedAt", p.StartedAt);
        w.WriteString("lastBeatAt", p.LastBeat.UtcDateTime);
        w.WriteNumber("lastBeatAgeMs", Ms(p.LastBeatAge));
        w.WriteNumber("goneAfterMs", Ms(p.GoneAfter));
        w.WriteNumber("running", p.Running);
        w.WriteNumber("handled", p.Handled);
        w.WriteNumber("failed", p.Failed);
        w.WriteBoolean("stopped", p.Stopped);
        w.WriteEndObject();
    }

    /// <summary>The state as inspect and watch show it: <c>live</c>, <c>gone</c> or <c>unknown</c>.</summary>
    public static string StateWord(ConsumerState state) => state switch
    {
        ConsumerState.Live => "live",
        ConsumerState.Gone => "gone",
        _ => "unknown",
    };

    public static void Consumer(Utf8JsonWriter w, ConsumerStatus c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Name);
        w.WriteNumber("idleMs", Ms(c.Idle));
        Number(w, "inactiveMs", c.Inactive is { } inactive ? Ms(inactive) : null);
        w.WriteNumber("pending", c.Pending);
        if (c.State is { } state)
        {
            // Judged (inspect, watch): its state, and its server's presence record or null (a peer without heartbeats).
            w.WriteString("state", StateWord(state));
            if (c.Presence is { } presence)
            {
                w.WritePropertyName("presence");
                Presence(w, presence);
            }
            else
            {
                w.WriteNull("presence");
            }
        }

        w.WriteEndObject();
    }

    public static void Replies(Utf8JsonWriter w, ReplyStreamsStatus replies)
    {
        w.WriteStartObject();
        w.WriteNumber("count", replies.Count);
        w.WriteNumber("totalLength", replies.TotalLength);
        w.WriteNumber("withoutTtl", replies.WithoutTtl.Count);
        w.WriteStartArray("streams");
        foreach (ReplyStreamStatus r in replies.Streams)
        {
            w.WriteStartObject();
            w.WriteString("key", r.Key);
            w.WriteString("instanceId", r.InstanceId);
            w.WriteNumber("length", r.Length);
            Number(w, "ttlMs", r.TimeToLive is { } ttl ? Ms(ttl) : null);
            Number(w, "lastEntryAgeMs", r.LastEntryAge is { } age ? Ms(age) : null);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void DeadLetter(Utf8JsonWriter w, DeadLetter d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("service", d.Service);
        Time(w, "deadLetteredAt", d.DeadLetteredAt);
        w.WriteString("reason", d.Reason);
        Number(w, "deliveries", d.Deliveries);
        w.WriteString("entryId", d.EntryId);
        w.WriteString("error", d.Error);
        w.WriteString("method", d.Method);
        w.WriteString("requestId", d.RequestId);
        w.WriteString("replyTo", d.ReplyTo);
        Time(w, "deadline", d.Deadline);
        w.WriteString("envelope", d.Envelope);
        w.WriteStartObject("fields");
        foreach ((string name, string value) in d.Fields)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Replays(Utf8JsonWriter w, IEnumerable<DeadLetterReplay> replays)
    {
        w.WriteStartObject();
        w.WriteStartArray("replayed");
        foreach (DeadLetterReplay r in replays)
        {
            w.WriteStartObject();
            w.WriteString("deadLetterId", r.DeadLetterId);
            w.WriteString("entryId", r.EntryId);
            w.WriteBoolean("deadlineDropped", r.DeadlineDropped);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Pruned(Utf8JsonWriter w, ConsumerPruneResult result)
    {
        w.WriteStartObject();
        w.WriteStartArray("removed");
        foreach (ConsumerStatus c in result.Removed)
        {
            Consumer(w, c);
        }

        w.WriteEndArray();
        w.WriteStartArray("keptWithPending");
        foreach (ConsumerStatus c in result.KeptWithPending)
        {
            Consumer(w, c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } n)
        {
            w.WriteNumber(name, n);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } t)
        {
            w.WriteString(name, t.UtcDateTime);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
