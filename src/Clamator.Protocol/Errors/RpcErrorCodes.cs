namespace Clamator;

/// <summary>Reserved JSON-RPC 2.0 error codes used by Clamator (docs/protocol.md §4.1).</summary>
public static class RpcErrorCodes
{
    /// <summary>Invalid JSON was received.</summary>
    public const int ParseError = -32700;

    /// <summary>The envelope is not a valid request; answered when its id and a reply target are known.</summary>
    public const int InvalidRequest = -32600;

    /// <summary>The method is not in the contract, or no handler is bound.</summary>
    public const int MethodNotFound = -32601;

    /// <summary>The params failed deserialization or validation.</summary>
    public const int InvalidParams = -32602;

    /// <summary>The handler failed, or its result failed validation.</summary>
    public const int InternalError = -32603;

    /// <summary>A common application-defined server error code.</summary>
    public const int ServerError = -32000;
}
