using System.Text.Json.Serialization.Metadata;

namespace Clamator;

/// <summary>A request/response method with typed params and result.</summary>
/// <typeparam name="TParams">The params type (a JSON object).</typeparam>
/// <typeparam name="TResult">The result type.</typeparam>
public sealed class RpcMethod<TParams, TResult> : RpcMethod
{
    /// <summary>Describes a method; throws <see cref="ArgumentException"/> for names that break the rules.</summary>
    public RpcMethod(string service, string name, JsonTypeInfo<TParams> paramsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo)
        : base(service, name, paramsTypeInfo, resultTypeInfo ?? throw new ArgumentNullException(nameof(resultTypeInfo)))
    {
        Params = paramsTypeInfo;
        Result = resultTypeInfo;
    }

    /// <summary>The JSON metadata of <typeparamref name="TParams"/>.</summary>
    public JsonTypeInfo<TParams> Params { get; }

    /// <summary>The JSON metadata of <typeparamref name="TResult"/>.</summary>
    public JsonTypeInfo<TResult> Result { get; }
}
