using System.Globalization;
using System.Text.Json;

namespace Clamator.Transport;

/// <summary>A JSON-RPC request id: a JSON string or integer. Replies echo it with its JSON type; clients correlate by <see cref="ToString"/>.</summary>
public readonly struct RpcId : IEquatable<RpcId>
{
    private readonly string? _text;
    private readonly long _number;

    /// <summary>Creates a string id.</summary>
    public RpcId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
    }

    /// <summary>Creates an integer id.</summary>
    public RpcId(long number) => _number = number;

    /// <summary>Whether the id is a JSON string (else an integer).</summary>
    public bool IsString => _text is not null;

    /// <summary>Creates a new id: a lowercase, hyphenated UUID v4.</summary>
    public static RpcId NewId() => new(Guid.NewGuid().ToString("D"));

    /// <summary>Writes the id as a JSON value with its original type.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_text is not null)
        {
            writer.WriteStringValue(_text);
        }
        else
        {
            writer.WriteNumberValue(_number);
        }
    }

    /// <summary>The id's string form, used for correlation.</summary>
    public override string ToString() => _text ?? _number.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Equals(RpcId other) => _text is not null
        ? string.Equals(_text, other._text, StringComparison.Ordinal)
        : other._text is null && _number == other._number;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RpcId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _text is not null ? StringComparer.Ordinal.GetHashCode(_text) : _number.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(RpcId left, RpcId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RpcId left, RpcId right) => !left.Equals(right);
}
