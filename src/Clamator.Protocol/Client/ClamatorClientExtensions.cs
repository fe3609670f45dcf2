using System.Text.Json;

namespace Clamator;

/// <summary>Shorthands for <see cref="IClamatorClient"/> calls with the default timeout.</summary>
public static class ClamatorClientExtensions
{
    /// <summary>Calls <paramref name="method"/> with the client's default timeout.</summary>
    public static Task<TResult> CallAsync<TParams, TResult>(
        this IClamatorClient client, RpcMethod<TParams, TResult> method, TParams parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.CallAsync(method, parameters, null, cancellationToken);
    }

    /// <summary>Calls <paramref name="method"/> (<c>service.method</c>) with the client's default timeout.</summary>
    public static Task<JsonElement> CallAsync(this IClamatorClient client, string method, JsonElement parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.CallAsync(method, parameters, null, cancellationToken);
    }
}
