using System.Text.Json.Serialization.Metadata;

namespace Clamator;

/// <summary>A notification: typed params, no result, never answered.</summary>
/// <typeparam name="TParams">The params type (a JSON object).</typeparam>
public sealed class RpcNotification<TParams> : RpcMethod
{
    /// <summary>Describes a notification; throws <see cref="ArgumentException"/> for names that break the rules.</summary>
    public RpcNotification(string service, string name, JsonTypeInfo<TParams> paramsTypeInfo)
        : base(service, name, paramsTypeInfo, null)
    {
        Params = paramsTypeInfo;
    }

    /// <summary>The JSON metadata of <typeparamref name="TParams"/>.</summary>
    public JsonTypeInfo<TParams> Params { get; }
}
