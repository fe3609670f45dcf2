using System.Text.Json;
using Clamator.Transport;

namespace Clamator;

/// <summary>
/// How a call ended, as the pipeline passes it back: a result (as JSON), a JSON-RPC error, or nothing (a notification).
/// On a server an outcome is the answer sent; on a client, a result is deserialized and an error thrown as
/// <see cref="RpcException"/>.
/// </summary>
public sealed class RpcOutcome
{
    private readonly byte[]? _reply;
    private ReadOnlyMemory<byte> _result;
    private readonly ReadOnlyMemory<byte> _errorData;
    private readonly JsonElement? _errorElement;
    private bool _resultRead;

    private RpcOutcome(byte[]? reply, ReadOnlyMemory<byte> result, int errorCode, string? errorMessage, ReadOnlyMemory<byte> errorData,
        JsonElement? errorElement, bool isNone)
    {
        _reply = reply;
        _result = result;
        _resultRead = reply is null;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        _errorData = errorData;
        _errorElement = errorElement;
        IsNone = isNone;
    }

    /// <summary>A notification's outcome: nothing to answer.</summary>
    public static RpcOutcome None { get; } = new(null, default, 0, null, default, null, isNone: true);

    /// <summary>Whether the call succeeded (a result, or a notification taken).</summary>
    public bool IsSuccess => ErrorMessage is null;

    /// <summary>Whether this is a notification's outcome, which carries nothing.</summary>
    public bool IsNone { get; }

    /// <summary>The result as UTF-8 JSON; empty for errors and notifications.</summary>
    public ReadOnlyMemory<byte> Result
    {
        get
        {
            if (!_resultRead)
            {
                _result = Envelope.Parse(_reply).Result;
                _resultRead = true;
            }

            return _result;
        }
    }

    /// <summary>The JSON-RPC error code; 0 on success.</summary>
    public int ErrorCode { get; }

    /// <summary>The JSON-RPC error message; <see langword="null"/> on success.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The error's <c>data</c>, if any.</summary>
    public JsonElement? ErrorData => _errorElement ?? (_errorData.IsEmpty ? null : ParseElement(_errorData));

    /// <summary>An outcome carrying <paramref name="result"/> (UTF-8 JSON of the result object).</summary>
    public static RpcOutcome Success(ReadOnlyMemory<byte> result) => new(null, result, 0, null, default, null, isNone: false);

    /// <summary>An outcome carrying <paramref name="result"/>.</summary>
    public static RpcOutcome Success(JsonElement result) => Success(System.Text.Encoding.UTF8.GetBytes(result.GetRawText()));

    /// <summary>A JSON-RPC error outcome.</summary>
    /// <param name="code">The error code (-32768..-32000 are reserved by JSON-RPC; applications use others).</param>
    /// <param name="message">The error message.</param>
    /// <param name="data">Optional structured detail.</param>
    public static RpcOutcome Failure(int code, string message, JsonElement? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(null, default, code, message, default, data, isNone: false);
    }

    /// <summary>The outcome an <see cref="RpcException"/> stands for.</summary>
    public static RpcOutcome Failure(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Failure(exception.Code, exception.Message, exception.Data);
    }

    /// <summary>An answer a server core already wrote, with its error code and message when it is an error.</summary>
    internal static RpcOutcome Replied(byte[]? reply, int errorCode = 0, string? errorMessage = null) =>
        reply is null ? None : new(reply, default, errorCode, errorMessage, default, null, isNone: false);

    /// <summary>A client's reply as parsed once by its core.</summary>
    internal static RpcOutcome FromReply(Envelope reply) => reply.Kind == EnvelopeKind.Success
        ? Success(reply.Result)
        : new(null, default, reply.ErrorCode, reply.ErrorMessage!, reply.ErrorData, null, isNone: false);

    /// <summary>The reply envelope to send for request <paramref name="id"/>.</summary>
    internal byte[] ToReply(RpcId id) => _reply ?? (IsSuccess
        ? EnvelopeWriter.Success(id, _result.IsEmpty ? "null"u8 : _result.Span)
        : _errorElement is not null || _errorData.IsEmpty
            ? EnvelopeWriter.Error(id, ErrorCode, ErrorMessage!, _errorElement)
            : EnvelopeWriter.Error(id, ErrorCode, ErrorMessage!, ParseElement(_errorData)));

    /// <summary>The exception a client throws for an error outcome.</summary>
    internal RpcException ToException() => new(ErrorCode, ErrorMessage!, ErrorData);

    private static JsonElement ParseElement(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
