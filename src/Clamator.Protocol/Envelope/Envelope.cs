using System.Text.Json;

namespace Clamator;

/// <summary>
/// A received JSON-RPC envelope, classified by the rules of WIRE.md §1. Member values that carry JSON
/// (<see cref="Params"/>, <see cref="Result"/>, <see cref="ErrorData"/>) are slices of the input, so the
/// input must outlive their use.
/// </summary>
public readonly struct Envelope
{
    /// <summary>The classification.</summary>
    public EnvelopeKind Kind { get; private init; }

    /// <summary>
    /// The request or response id; for <see cref="EnvelopeKind.Invalid"/> the recoverable id, when one
    /// could be read. <see langword="null"/> for notifications and errors with a null id.
    /// </summary>
    public RpcId? Id { get; private init; }

    /// <summary>For requests and notifications: the service half of <c>method</c>.</summary>
    public string? Service { get; private init; }

    /// <summary>For requests and notifications: the method half of <c>method</c>.</summary>
    public string? Method { get; private init; }

    /// <summary>For requests and notifications: the raw <c>params</c> JSON; empty when absent or <c>null</c> (meaning <c>{}</c>).</summary>
    public ReadOnlyMemory<byte> Params { get; private init; }

    /// <summary>For success responses: the raw <c>result</c> JSON.</summary>
    public ReadOnlyMemory<byte> Result { get; private init; }

    /// <summary>For error responses: the error code.</summary>
    public int ErrorCode { get; private init; }

    /// <summary>For error responses: the error message.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>For error responses: the raw <c>data</c> JSON; empty when absent or <c>null</c>.</summary>
    public ReadOnlyMemory<byte> ErrorData { get; private init; }

    /// <summary>For invalid envelopes: why (one of <see cref="InvalidReasons"/>).</summary>
    public string? InvalidReason { get; private init; }

    /// <summary>Creates an invalid envelope (used by transports for entries they reject before parsing).</summary>
    public static Envelope CreateInvalid(string reason, RpcId? recoverableId = null) =>
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
        var reader = new Utf8JsonReader(utf8.Span, isFinalBlock: true, state: default);
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
        bool hasResult = false, hasError = false;
        string? method = null;
        RpcId? id = null;
        ReadOnlyMemory<byte> parameters = default, result = default, error = default;
        JsonTokenType paramsToken = JsonTokenType.None;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                reader.Read();
                versionOk = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                hasMethod = true;
                methodIsString = reader.TokenType == JsonTokenType.String;
                method = methodIsString ? reader.GetString() : null;
                reader.Skip();
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
                        reader.Skip();
                        break;
                }
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                paramsToken = reader.TokenType;
                parameters = Slice(ref reader, utf8);
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                hasResult = true;
                result = Slice(ref reader, utf8);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                hasError = true;
                error = Slice(ref reader, utf8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        EnsureEnd(ref reader);

        if (idBad)
        {
            return CreateInvalid(InvalidReasons.Id);
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
                data = reader.TokenType == JsonTokenType.Null ? default : Slice(ref reader, error);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return hasCode && message is not null;
    }

    private static ReadOnlyMemory<byte> Slice(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return source[start..(int)reader.BytesConsumed];
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Unexpected content after the envelope.");
        }
    }
}
