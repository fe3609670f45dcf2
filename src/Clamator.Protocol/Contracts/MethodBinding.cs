using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Clamator;

/// <summary>A contract method joined to its handler: the dispatch pipeline of WIRE.md §1 for one method.</summary>
internal abstract class MethodBinding<TService>
{
    public abstract RpcMethod Method { get; }

    /// <summary>
    /// Runs the method. Returns the response for requests and <see langword="null"/> for notifications.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> was cancelled.
    /// </summary>
    public abstract Task<byte[]?> InvokeAsync(TService implementation, Envelope envelope, ILogger logger, CancellationToken cancellationToken);

    /// <summary>Deserializes and validates params; a missing or null <c>params</c> reads as <c>{}</c>.</summary>
    protected static bool TryReadParams<TParams>(Envelope envelope, JsonTypeInfo<TParams> info, out TParams value, out ValidationFailure? failure)
    {
        value = default!;
        try
        {
            ReadOnlySpan<byte> json = envelope.Params.IsEmpty ? "{}"u8 : envelope.Params.Span;
            TParams? parsed = JsonSerializer.Deserialize(json, info);
            if (parsed is null)
            {
                failure = new ValidationFailure([new ValidationIssue([], "Expected object, received null")]);
                return false;
            }

            value = parsed;
        }
        catch (JsonException ex)
        {
            failure = ValidationFailure.FromJsonException(ex);
            return false;
        }

        failure = ValidationContext.Check(value);
        return failure is null;
    }
}
