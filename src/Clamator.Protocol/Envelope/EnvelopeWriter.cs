using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Clamator.Transport;

/// <summary>Writes the envelopes of docs/protocol.md §2.1 as compact UTF-8 JSON, members in the specified order.</summary>
public static class EnvelopeWriter
{
    /// <summary>Compact output with raw UTF-8 text (as the TypeScript peers emit it).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a request (with <paramref name="id"/>) or a notification (without).</summary>
    /// <exception cref="JsonException">The params could not be serialized: whatever the serializer, a converter or a
    /// getter threw is the inner exception, and <see cref="JsonException.Path"/> names the member being written.</exception>
    public static byte[] Request<TParams>(string service, string method, TParams parameters, JsonTypeInfo<TParams> paramsInfo, RpcId? id) =>
        Request((EnvelopeBuffers?)null, string.Concat(service, ".", method), parameters, paramsInfo, id);

    /// <summary>Writes a request or notification whose params are a JSON object.</summary>
    public static byte[] Request(string service, string method, JsonElement parameters, RpcId? id) =>
        Request((EnvelopeBuffers?)null, string.Concat(service, ".", method), parameters, id);

    /// <summary>
    /// Writes a request or notification for <paramref name="qualifiedMethod"/> (<c>arith.add</c>) with a writer of
    /// <paramref name="buffers"/>, if given.
    /// </summary>
    internal static byte[] Request<TParams>(EnvelopeBuffers? buffers, string qualifiedMethod, TParams parameters, JsonTypeInfo<TParams> paramsInfo, RpcId? id)
    {
        ArgumentNullException.ThrowIfNull(paramsInfo);
        return WriteRequest(buffers, qualifiedMethod, id, (parameters, paramsInfo), static (lease, p) => WriteValue(lease, p.parameters, p.paramsInfo));
    }

    /// <summary>Writes a request or notification whose params are a JSON object, with a writer of <paramref name="buffers"/>, if given.</summary>
    internal static byte[] Request(EnvelopeBuffers? buffers, string qualifiedMethod, JsonElement parameters, RpcId? id) =>
        WriteRequest(buffers, qualifiedMethod, id, parameters, static (lease, p) => p.WriteTo(lease.Writer));

    /// <summary>Writes a success response.</summary>
    /// <exception cref="JsonException">The result could not be serialized: whatever the serializer, a converter or a
    /// getter threw is the inner exception, and <see cref="JsonException.Path"/> names the member being written.</exception>
    public static byte[] Success<TResult>(RpcId id, TResult result, JsonTypeInfo<TResult> resultInfo)
    {
        ArgumentNullException.ThrowIfNull(resultInfo);
        return WriteSuccess(id, (result, resultInfo), static (lease, r) => WriteValue(lease, r.result, r.resultInfo));
    }

    /// <summary>Writes a success response whose result is the raw JSON value <paramref name="resultJson"/>.</summary>
    public static byte[] Success(RpcId id, ReadOnlySpan<byte> resultJson) =>
        WriteSuccess(id, resultJson.ToArray(), static (lease, r) => lease.Writer.WriteRawValue(r));

    /// <summary>Writes an error response whose data is <paramref name="data"/> (JSON <c>null</c> when absent).</summary>
    public static byte[] Error(RpcId? id, int code, string message, JsonElement? data = null) =>
        Error(id, code, message, data, static (writer, d) =>
        {
            if (d is { ValueKind: not JsonValueKind.Undefined } element)
            {
                element.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        });

    /// <summary>Writes an error response whose data is a validation object.</summary>
    public static byte[] Error(RpcId? id, int code, string message, ValidationFailure validation) =>
        Error(id, code, message, validation, static (writer, v) => v.WriteTo(writer));

    /// <summary>Writes -32603 <c>Internal error</c> with data <c>{"name":...,"message":...}</c>.</summary>
    public static byte[] InternalError(RpcId? id, string name, string message) =>
        Error(id, RpcErrorCodes.InternalError, "Internal error", (name, message), static (writer, d) =>
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, d.name);
            writer.WriteString("message"u8, d.message);
            writer.WriteEndObject();
        });

    /// <summary>
    /// Writes -32601 <c>Method not found</c> with data <c>{"method":"&lt;service&gt;.&lt;method&gt;"}</c>, the method that was
    /// asked for (docs/protocol.md §4.1: an extension; peers that send <c>null</c> and peers that ignore it both conform).
    /// </summary>
    public static byte[] MethodNotFound(RpcId? id, string qualifiedMethod)
    {
        ArgumentNullException.ThrowIfNull(qualifiedMethod);
        return Error(id, RpcErrorCodes.MethodNotFound, "Method not found", qualifiedMethod, static (writer, m) =>
        {
            writer.WriteStartObject();
            writer.WriteString("method"u8, m);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes -32600 <c>Invalid Request</c> with data <c>{"reason":...}</c>.</summary>
    public static byte[] InvalidRequest(RpcId? id, string reason) =>
        Error(id, RpcErrorCodes.InvalidRequest, "Invalid Request", reason, static (writer, r) =>
        {
            writer.WriteStartObject();
            writer.WriteString("reason"u8, r);
            writer.WriteEndObject();
        });

    /// <summary>
    /// Serializes <paramref name="value"/> with the writer of <paramref name="lease"/> into its buffer. Whatever
    /// is thrown meanwhile becomes a <see cref="JsonException"/> whose path is found in the output written so far,
    /// since System.Text.Json names no path for failures while writing; a successful write pays nothing for it.
    /// </summary>
    private static void WriteValue<T>(EnvelopeBuffers.Lease lease, T value, JsonTypeInfo<T> info)
    {
        Utf8JsonWriter writer = lease.Writer;
        long start = writer.BytesCommitted + writer.BytesPending;
        try
        {
            JsonSerializer.Serialize(writer, value, info);
        }
        catch (Exception ex)
        {
            writer.Flush();
            IReadOnlyList<object> path = JsonPathFinder.PathAt(lease.Buffer.WrittenSpan[(int)start..]);
            throw new JsonException(ex.Message, ValidationContext.FormatJsonPath(path), null, null, ex);
        }
    }

    private static byte[] WriteRequest<TState>(
        EnvelopeBuffers? buffers, string qualifiedMethod, RpcId? id, TState state, Action<EnvelopeBuffers.Lease, TState> writeParams) =>
        Write(buffers, (qualifiedMethod, id, state, writeParams), static (lease, s) =>
        {
            Utf8JsonWriter writer = lease.Writer;
            writer.WriteString("method"u8, s.qualifiedMethod);
            writer.WritePropertyName("params"u8);
            s.writeParams(lease, s.state);
            if (s.id is { } value)
            {
                writer.WritePropertyName("id"u8);
                value.WriteTo(writer);
            }
        });

    private static byte[] WriteSuccess<TState>(RpcId id, TState state, Action<EnvelopeBuffers.Lease, TState> writeResult) =>
        Write(null, (id, state, writeResult), static (lease, s) =>
        {
            lease.Writer.WritePropertyName("id"u8);
            s.id.WriteTo(lease.Writer);
            lease.Writer.WritePropertyName("result"u8);
            s.writeResult(lease, s.state);
        });

    private static byte[] Error<TState>(RpcId? id, int code, string message, TState state, Action<Utf8JsonWriter, TState> writeData)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(null, (id, code, message, state, writeData), static (lease, s) =>
        {
            Utf8JsonWriter writer = lease.Writer;
            writer.WritePropertyName("id"u8);
            if (s.id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, s.code);
            writer.WriteString("message"u8, s.message);
            writer.WritePropertyName("data"u8);
            s.writeData(writer, s.state);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes <c>{"jsonrpc":"2.0", …members…}</c> with a writer of <paramref name="buffers"/>, or a new one.</summary>
    private static byte[] Write<TState>(EnvelopeBuffers? buffers, TState state, Action<EnvelopeBuffers.Lease, TState> members)
    {
        EnvelopeBuffers.Lease lease = buffers?.Rent() ?? new EnvelopeBuffers.Lease();
        try
        {
            Utf8JsonWriter writer = lease.Writer;
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            members(lease, state);
            writer.WriteEndObject();
            writer.Flush();
            return lease.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffers is null)
            {
                lease.Writer.Dispose();
            }
            else
            {
                buffers.Return(lease);
            }
        }
    }
}
