using System.Text.Json;

namespace Clamator;

/// <summary>
/// Finds the path (member names and array indexes) of a position in JSON text: the value that starts at a
/// byte offset, or, in the partial output of a write that failed, the value that was being written. Runs only
/// after a failure, so the paths of successful reads and writes cost nothing.
/// </summary>
internal static class JsonPathFinder
{
    /// <summary>
    /// The path of the value starting at <paramref name="offset"/> in <paramref name="json"/>; when the text ends
    /// first (the output of a write cut short), of the value that would have come next.
    /// </summary>
    public static IReadOnlyList<object> PathAt(ReadOnlySpan<byte> json, long offset = long.MaxValue)
    {
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = int.MaxValue }));
        try
        {
            while (reader.Read() && reader.TokenStartIndex < offset)
            {
                Step(frames, ref reader);
            }

            // A number at the very end of partial output cannot be told complete; the writer stops between values.
            if (offset == long.MaxValue && !json[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
            {
                ValueDone(frames);
            }
        }
        catch (JsonException)
        {
            // Output cut inside a token: the frames read so far are the best path there is.
        }

        var path = new List<object>(frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Frame frame = frames[i];
            if (frame.IsArray)
            {
                // The innermost array's next element is the one at the position; an outer one's is the one open.
                path.Add(i == frames.Count - 1 ? frame.Count : frame.Count - 1);
            }
            else if (frame.Name is not null)
            {
                path.Add(frame.Name);
            }
        }

        return path;
    }

    private static void Step(List<Frame> frames, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                frames[^1] = frames[^1] with { Name = reader.GetString() };
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = frames[^1] with { Count = frames[^1].Count + 1 };
                }

                frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, 0, null));
                break;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                frames.RemoveAt(frames.Count - 1);
                Ended(frames);
                break;
            default:
                ValueDone(frames);
                break;
        }
    }

    /// <summary>A scalar value completed in the innermost container.</summary>
    private static void ValueDone(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Count = frames[^1].Count + 1 };
        }
        else
        {
            Ended(frames);
        }
    }

    /// <summary>The value of the innermost object's current member completed.</summary>
    private static void Ended(List<Frame> frames)
    {
        if (frames.Count > 0 && !frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Name = null };
        }
    }

    /// <summary>An open container: an array and how many elements it has begun, or an object and its current member.</summary>
    private readonly record struct Frame(bool IsArray, int Count, string? Name);
}
