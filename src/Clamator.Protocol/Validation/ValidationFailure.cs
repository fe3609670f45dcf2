using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Clamator;

/// <summary>
/// The validation object sent as the <c>data</c> of -32602 and "Result validation failed" errors:
/// <c>{"name":"ValidationError","message":"...","errors":[{"path":[...],"message":"..."}]}</c>.
/// </summary>
public sealed class ValidationFailure
{
    /// <summary>Creates a failure from its issues (at least one).</summary>
    public ValidationFailure(IReadOnlyList<ValidationIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (issues.Count == 0)
        {
            throw new ArgumentException("A validation failure needs at least one issue.", nameof(issues));
        }

        Issues = issues;
    }

    /// <summary>The violated constraints.</summary>
    public IReadOnlyList<ValidationIssue> Issues { get; }

    /// <summary>A one-line summary of the issues.</summary>
    public string Message => string.Join("; ", Issues.Select(i => i.Path.Count == 0 ? i.Message : $"{i.PathText}: {i.Message}"));

    /// <summary>Creates a failure from a deserialization error, keeping its JSON path.</summary>
    public static ValidationFailure FromJsonException(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return FromSerializerError(exception);
    }

    /// <summary>
    /// Creates a failure from what System.Text.Json throws while reading: a <see cref="JsonException"/>, or a
    /// <see cref="NotSupportedException"/> for a value it cannot build (a polymorphic object without its
    /// discriminator); or from the <see cref="JsonException"/> of <see cref="Transport.EnvelopeWriter"/> for a value it could
    /// not write. A missing required member becomes one issue per member at its own path, as Zod reports it.
    /// Given the metadata that was read (<paramref name="root"/>) and the JSON text, System.Text.Json's wording is
    /// replaced by Zod's where the issue is the same (<c>Expected array, received string</c>,
    /// <c>Unrecognized key(s) in object: 'x'</c>, <c>Invalid discriminator value. Expected 'a' | 'b'</c>).
    /// </summary>
    internal static ValidationFailure FromSerializerError(Exception exception, JsonTypeInfo? root = null, ReadOnlyMemory<byte> json = default) =>
        SerializerErrors.ToFailure(exception, root, json);

    /// <summary>Writes the validation object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("name", "ValidationError");
        writer.WriteString("message", Message);
        writer.WriteStartArray("errors");
        foreach (ValidationIssue issue in Issues)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("path");
            foreach (object segment in issue.Path)
            {
                if (segment is int index)
                {
                    writer.WriteNumberValue(index);
                }
                else
                {
                    writer.WriteStringValue(segment.ToString());
                }
            }

            writer.WriteEndArray();
            writer.WriteString("message", issue.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
