using System.Text.Json.Serialization.Metadata;

namespace Clamator;

/// <summary>Describes one method of a contract: its wire names and the JSON metadata of its params and result.</summary>
public abstract class RpcMethod
{
    private protected RpcMethod(string service, string name, JsonTypeInfo paramsTypeInfo, JsonTypeInfo? resultTypeInfo)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        RpcNames.ThrowIfInvalidMethod(name, nameof(name));
        ArgumentNullException.ThrowIfNull(paramsTypeInfo);
        Service = service;
        Name = name;
        ParamsTypeInfo = paramsTypeInfo;
        ResultTypeInfo = resultTypeInfo;
        QualifiedName = $"{service}.{name}";
    }

    /// <summary>The service name, e.g. <c>arith</c>.</summary>
    public string Service { get; }

    /// <summary>The method name on the wire, e.g. <c>add</c>.</summary>
    public string Name { get; }

    /// <summary>The JSON-RPC <c>method</c> member, e.g. <c>arith.add</c>.</summary>
    public string QualifiedName { get; }

    /// <summary>Whether the method is a notification (no result, never answered).</summary>
    public bool IsNotification => ResultTypeInfo is null;

    /// <summary>The JSON metadata of the params type.</summary>
    public JsonTypeInfo ParamsTypeInfo { get; }

    /// <summary>The JSON metadata of the result type; <see langword="null"/> for notifications.</summary>
    public JsonTypeInfo? ResultTypeInfo { get; }

    /// <inheritdoc />
    public override string ToString() => QualifiedName;
}
