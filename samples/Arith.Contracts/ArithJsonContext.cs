using System.Text.Json;
using System.Text.Json.Serialization;
using Clamator;

namespace Arith;

/// <summary>Source-generated JSON metadata for the arith and notifications contracts.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(JsonIntegerConverter)])]
[JsonSerializable(typeof(AddParams))]
[JsonSerializable(typeof(SumResult))]
[JsonSerializable(typeof(SlowAddParams))]
[JsonSerializable(typeof(QuotientResult))]
[JsonSerializable(typeof(TextMessage))]
[JsonSerializable(typeof(PingParams))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class ArithJsonContext : JsonSerializerContext;
