using System.Text.Json;

namespace Clamator;

/// <summary>
/// A JSON-RPC error: thrown by a handler to answer with a specific error, and thrown by a client when
/// the remote side answered with an error.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an error with the given code, message and optional data.</summary>
    /// <param name="code">The JSON-RPC error code.</param>
    /// <param name="message">The error message sent on the wire.</param>
    /// <param name="data">Optional structured data; <see langword="null"/> is sent as JSON <c>null</c>.</param>
    public RpcException(int code, string message, JsonElement? data = null)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Code = code;
        Data = data is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } d ? d.Clone() : null;
    }

    /// <summary>The JSON-RPC error code.</summary>
    public int Code { get; }

    /// <summary>The error's structured data, or <see langword="null"/> when the error carried none.</summary>
    public new JsonElement? Data { get; }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(RpcException)} ({Code}): {Message}{(Data is { } d ? " " + d.GetRawText() : "")}";
}
