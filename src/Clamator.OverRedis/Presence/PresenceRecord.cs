using System.Buffers;
using System.Reflection;
using System.Text.Json;

namespace Clamator.OverRedis;

/// <summary>
/// One server's heartbeat for one service (docs/protocol.md §5.5): the value of field <c>&lt;instanceId&gt;</c> of the
/// hash <c>&lt;prefix&gt;:presence:&lt;service&gt;</c>, a compact JSON object. Reading is tolerant: unknown members are
/// ignored (other languages may add some), and a value that is not such an object, or lacks <c>beatAt</c> or
/// <c>goneAfterMs</c>, reads as no record at all (<see cref="TryParse"/> returns <see langword="null"/>, never throws).
/// </summary>
internal sealed record PresenceRecord
{
    /// <summary>The server's instance id (also the hash field).</summary>
    public required string Instance { get; init; }

    /// <summary>Its consumer in the group, <c>&lt;service&gt;:&lt;instanceId&gt;</c>.</summary>
    public required string Consumer { get; init; }

    /// <summary>The host it runs on; empty when not given.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>Its process id; 0 when not given.</summary>
    public long Pid { get; init; }

    /// <summary>The library version it runs; empty when not given.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>When it started, Unix epoch ms; 0 when not given.</summary>
    public long StartedAt { get; init; }

    /// <summary>Its last heartbeat, Unix epoch ms by the Redis clock (<c>TIME</c>).</summary>
    public required long BeatAt { get; init; }

    /// <summary>It is gone once more than this many ms have passed since <see cref="BeatAt"/> (its presence timeout).</summary>
    public required long GoneAfterMs { get; init; }

    /// <summary>Handlers running at the last beat.</summary>
    public long Running { get; init; }

    /// <summary>Entries handled since it started.</summary>
    public long Handled { get; init; }

    /// <summary>Entries whose handling failed since it started.</summary>
    public long Failed { get; init; }

    /// <summary>Written by a graceful stop that left entries pending to it: it is gone now, whatever its beat says.</summary>
    public bool Stopped { get; init; }

    /// <summary>This library's version, as servers write it.</summary>
    public static string LibraryVersion { get; } = ReadLibraryVersion();

    /// <summary>Whether it is live at <paramref name="nowMs"/> (Redis clock): beat within <see cref="GoneAfterMs"/>, and not stopped.</summary>
    public bool IsLiveAt(long nowMs) => !Stopped && nowMs - BeatAt <= GoneAfterMs;

    /// <summary>The compact JSON value, members in the order of docs/protocol.md §5.5.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("instance", Instance);
            writer.WriteString("consumer", Consumer);
            writer.WriteString("host", Host);
            writer.WriteNumber("pid", Pid);
            writer.WriteString("version", Version);
            writer.WriteNumber("startedAt", StartedAt);
            writer.WriteNumber("beatAt", BeatAt);
            writer.WriteNumber("goneAfterMs", GoneAfterMs);
            writer.WriteNumber("running", Running);
            writer.WriteNumber("handled", Handled);
            writer.WriteNumber("failed", Failed);
            if (Stopped)
            {
                writer.WriteBoolean("stopped", true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads field <paramref name="field"/> of the presence hash of <paramref name="service"/>; <see langword="null"/> when
    /// the value is malformed (treated as absent). <c>instance</c> and <c>consumer</c> default to what the field names.
    /// </summary>
    public static PresenceRecord? TryParse(string service, string field, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? instance = null, consumer = null, host = null, version = null;
            long? beatAt = null, goneAfter = null;
            long pid = 0, startedAt = 0, running = 0, handled = 0, failed = 0;
            bool stopped = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!reader.Read())
                {
                    return null;
                }

                switch (name)
                {
                    case "instance": instance = Text(ref reader) ?? instance; break;
                    case "consumer": consumer = Text(ref reader) ?? consumer; break;
                    case "host": host = Text(ref reader); break;
                    case "version": version = Text(ref reader); break;
                    case "pid": pid = Number(ref reader) ?? 0; break;
                    case "startedAt": startedAt = Number(ref reader) ?? 0; break;
                    case "beatAt": beatAt = Number(ref reader); break;
                    case "goneAfterMs": goneAfter = Number(ref reader); break;
                    case "running": running = Number(ref reader) ?? 0; break;
                    case "handled": handled = Number(ref reader) ?? 0; break;
                    case "failed": failed = Number(ref reader) ?? 0; break;
                    case "stopped": stopped = reader.TokenType == JsonTokenType.True; break;
                    default: reader.Skip(); break; // unknown members (and their nested values) are ignored
                }
            }

            // Anything after the object (a second value, a stray bracket) makes the whole value malformed.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || beatAt is null || goneAfter is not > 0)
            {
                return null;
            }

            instance ??= field;
            return new PresenceRecord
            {
                Instance = instance,
                Consumer = consumer ?? RedisKeys.Consumer(service, field),
                Host = host ?? string.Empty,
                Pid = pid,
                Version = version ?? string.Empty,
                StartedAt = startedAt,
                BeatAt = beatAt.Value,
                GoneAfterMs = goneAfter.Value,
                Running = running,
                Handled = handled,
                Failed = failed,
                Stopped = stopped,
            };
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Reads a string value; any other kind of value is skipped and reads as absent.</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>Reads an integer (a whole number written with a fraction, such as JavaScript may write, included); anything else reads as absent.</summary>
    private static long? Number(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return null;
        }

        if (reader.TryGetInt64(out long whole))
        {
            return whole;
        }

        return reader.TryGetDouble(out double d) && double.IsFinite(d) && Math.Abs(d) < 9e15 ? (long)Math.Round(d) : null;
    }

    private static string ReadLibraryVersion()
    {
        string? version = typeof(PresenceRecord).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return typeof(PresenceRecord).Assembly.GetName().Version?.ToString() ?? string.Empty;
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
