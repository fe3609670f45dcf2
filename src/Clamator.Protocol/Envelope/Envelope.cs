using System.Text.Json;

namespace Clamator.Transport;

/// <summary>
/// A received JSON-RPC envelope, classified by the rules of docs/protocol.md §2.5. Member values that carry JSON
/// (<see cref="Params"/>, <see cref="Result"/>, <see cref="ErrorData"/>) are slices of the input, so the
/// input must outlive their use.
/// </summary>
public readonly struct Envelope
{
    /// <summary>
    /// The deepest nesting of arrays and objects an envelope may have, counting the envelope object itself (as
    /// System.Text.Json's default <c>MaxDepth</c> of 64 counts the root). Deeper input is still read through to
    /// its end, without recursion, so its id is recovered: params nested deeper make a request whose
    /// <see cref="ParamsFailure"/> is set (answered <c>-32602</c>); anything else deeper makes an invalid envelope
    /// with reason <see cref="InvalidReasons.TooDeep"/> (answered <c>-32600</c> when the id is known).
    /// </summary>
    public const int MaxDepth = 64;

    // Kept small, since every call carries one through a task's result: the JSON member and the text that only one
    // kind has share a field each (params, result or error data; params failure, error message or invalid reason).
    private readonly ReadOnlyMemory<byte> _json;
    private readonly object? _detail;
    private readonly RpcId _id;
    private readonly int _errorCode;
    private readonly byte _kind;
    private readonly bool _hasId;

    /// <summary>The classification.</summary>
    public EnvelopeKind Kind { get => (EnvelopeKind)_kind; private init => _kind = (byte)value; }

    /// <summary>
    /// The request or response id; for <see cref="EnvelopeKind.Invalid"/> the recoverable id, when one
    /// could be read. <see langword="null"/> for notifications and errors with a null id.
    /// </summary>
    public RpcId? Id
    {
        get => _hasId ? _id : null;
        private init => (_id, _hasId) = value is { } id ? (id, true) : (default, false);
    }

    /// <summary>For requests and notifications: the service half of <c>method</c>.</summary>
    public string? Service { get; private init; }

    /// <summary>For requests and notifications: the method half of <c>method</c>.</summary>
    public string? Method { get; private init; }

    /// <summary>For requests and notifications: the raw <c>params</c> JSON; empty when absent or <c>null</c> (meaning <c>{}</c>).</summary>
    public ReadOnlyMemory<byte> Params { get => IsCall ? _json : default; private init => _json = value; }

    /// <summary>
    /// For requests and notifications whose params cannot be read as sent (nested deeper than <see cref="MaxDepth"/>):
    /// why, at the path where the limit is exceeded; servers answer <c>-32602</c> without deserializing them.
    /// <see langword="null"/> otherwise.
    /// </summary>
    public ValidationFailure? ParamsFailure { get => IsCall ? _detail as ValidationFailure : null; private init => _detail = value; }

    /// <summary>For success responses: the raw <c>result</c> JSON.</summary>
    public ReadOnlyMemory<byte> Result { get => Kind == EnvelopeKind.Success ? _json : default; private init => _json = value; }

    /// <summary>For error responses: the error code.</summary>
    public int ErrorCode { get => _errorCode; private init => _errorCode = value; }

    /// <summary>For error responses: the error message.</summary>
    public string? ErrorMessage { get => Kind == EnvelopeKind.Error ? _detail as string : null; private init => _detail = value; }

    /// <summary>For error responses: the raw <c>data</c> JSON; empty when absent or <c>null</c>.</summary>
    public ReadOnlyMemory<byte> ErrorData { get => Kind == EnvelopeKind.Error ? _json : default; private init => _json = value; }

    /// <summary>For invalid envelopes: why (one of <see cref="InvalidReasons"/>).</summary>
    public string? InvalidReason { get => Kind == EnvelopeKind.Invalid ? _detail as string : null; private init => _detail = value; }

    private bool IsCall => Kind is EnvelopeKind.Request or EnvelopeKind.Notification;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = int.MaxValue };

    /// <summary>An invalid envelope: why, and the id when one could be read.</summary>
    internal static Envelope CreateInvalid(string reason, RpcId? recoverableId = null) =>
        new() { Kind = EnvelopeKind.Invalid, InvalidReason = reason, Id = recoverableId };

    /// <summary>Parses and classifies UTF-8 JSON. Never throws for bad input; returns an invalid envelope instead.</summary>
    public static Envelope Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return ParseCore(utf8);
        }
        catch (JsonException)
        {
            return CreateInvalid(InvalidReasons.Parse);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader accessors throw this for token/type mismatches on malformed input.
            return CreateInvalid(InvalidReasons.Parse);
        }
    }

    private static Envelope ParseCore(ReadOnlyMemory<byte> utf8)
    {
        // The reader itself may go as deep as the input does, so the envelope is read to its end (and its id
        // found) whatever a member holds; SkipValue enforces MaxDepth instead.
        var reader = new Utf8JsonReader(utf8.Span, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        if (!reader.Read())
        {
            return CreateInvalid(InvalidReasons.Parse);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            EnsureEnd(ref reader);
            return CreateInvalid(reader.TokenType == JsonTokenType.EndArray ? InvalidReasons.Batch : InvalidReasons.NotObject);
        }

        bool versionOk = false, hasMethod = false, methodIsString = false, idBad = false;
        bool hasResult = false, hasError = false, tooDeep = false;
        string? method = null;
        RpcId? id = null;
        ReadOnlyMemory<byte> parameters = default, result = default, error = default;
        JsonTokenType paramsToken = JsonTokenType.None;
        long paramsTooDeepAt = -1;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                reader.Read();
                versionOk = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
                tooDeep |= SkipValue(ref reader) >= 0;
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                hasMethod = true;
                methodIsString = reader.TokenType == JsonTokenType.String;
                method = methodIsString ? reader.GetString() : null;
                tooDeep |= SkipValue(ref reader) >= 0;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                idBad = false;
                id = null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        id = new RpcId(reader.GetString()!);
                        break;
                    case JsonTokenType.Number when reader.TryGetInt64(out long number):
                        id = new RpcId(number);
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        idBad = true;
                        tooDeep |= SkipValue(ref reader) >= 0;
                        break;
                }
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                paramsToken = reader.TokenType;
                parameters = Slice(ref reader, utf8, out paramsTooDeepAt);
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                hasResult = true;
                result = Slice(ref reader, utf8, out long resultTooDeepAt);
                tooDeep |= resultTooDeepAt >= 0;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                hasError = true;
                error = Slice(ref reader, utf8, out long errorTooDeepAt);
                tooDeep |= errorTooDeepAt >= 0;
            }
            else
            {
                reader.Read();
                tooDeep |= SkipValue(ref reader) >= 0;
            }
        }

        EnsureEnd(ref reader);

        if (idBad)
        {
            return CreateInvalid(InvalidReasons.Id);
        }

        if (tooDeep || (paramsTooDeepAt >= 0 && !hasMethod))
        {
            return CreateInvalid(InvalidReasons.TooDeep, id);
        }

        if (!versionOk)
        {
            return CreateInvalid(InvalidReasons.Version, id);
        }

        if (hasMethod)
        {
            if (!methodIsString || hasResult || hasError)
            {
                return CreateInvalid(InvalidReasons.Shape, id);
            }

            if (!RpcNames.TrySplit(method!, out string service, out string name))
            {
                return CreateInvalid(InvalidReasons.MethodName, id);
            }

            return new Envelope
            {
                Kind = id is null ? EnvelopeKind.Notification : EnvelopeKind.Request,
                Id = id,
                Service = service,
                Method = name,
                Params = paramsToken is JsonTokenType.None or JsonTokenType.Null ? default : parameters,
                ParamsFailure = paramsTooDeepAt < 0 ? null : TooDeepFailure(parameters.Span, paramsTooDeepAt),
            };
        }

        if (hasResult && !hasError && id is not null)
        {
            return new Envelope { Kind = EnvelopeKind.Success, Id = id, Result = result };
        }

        if (hasError && !hasResult && TryReadError(error, out int code, out string? message, out ReadOnlyMemory<byte> data))
        {
            return new Envelope { Kind = EnvelopeKind.Error, Id = id, ErrorCode = code, ErrorMessage = message, ErrorData = data };
        }

        return CreateInvalid(InvalidReasons.Shape, id);
    }

    private static bool TryReadError(ReadOnlyMemory<byte> error, out int code, out string? message, out ReadOnlyMemory<byte> data)
    {
        code = 0;
        message = null;
        data = default;
        bool hasCode = false;
        var reader = new Utf8JsonReader(error.Span);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                hasCode = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out code);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                data = reader.TokenType == JsonTokenType.Null ? default : Slice(ref reader, error, out _);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return hasCode && message is not null;
    }

    /// <summary>Moves past the value the reader is on, as <see cref="Utf8JsonReader.Skip"/> does; returns its bytes.</summary>
    /// <param name="reader">The reader, on the value's first token.</param>
    /// <param name="source">The bytes the reader reads.</param>
    /// <param name="tooDeepAt">Where, from the value's start, its first array or object nested deeper than
    /// <see cref="MaxDepth"/> begins; -1 when none does.</param>
    private static ReadOnlyMemory<byte> Slice(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, out long tooDeepAt)
    {
        int start = (int)reader.TokenStartIndex;
        long at = SkipValue(ref reader);
        tooDeepAt = at < 0 ? -1 : at - start;
        return source[start..(int)reader.BytesConsumed];
    }

    /// <summary>
    /// Moves past the value the reader is on, iteratively, as <see cref="Utf8JsonReader.Skip"/> does; returns where the
    /// first array or object nested deeper than <see cref="MaxDepth"/> begins, or -1 when none does.
    /// </summary>
    private static long SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return -1;
        }

        // CurrentDepth counts the containers around a token, so the container at CurrentDepth d is the (d+1)-th.
        long tooDeepAt = reader.CurrentDepth >= MaxDepth ? reader.TokenStartIndex : -1;
        int depth = reader.CurrentDepth;
        do
        {
            reader.Read();
            if (tooDeepAt < 0 && reader.TokenType is (JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth >= MaxDepth)
            {
                tooDeepAt = reader.TokenStartIndex;
            }
        }
        while (reader.CurrentDepth > depth);

        return tooDeepAt;
    }

    private static ValidationFailure TooDeepFailure(ReadOnlySpan<byte> parameters, long tooDeepAt) =>
        new([new ValidationIssue(
            JsonPathFinder.PathAt(parameters, tooDeepAt),
            $"Nested too deep: an envelope may nest at most {MaxDepth} levels of arrays and objects, itself included")]);

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Unexpected content after the envelope.");
        }
    }
}
