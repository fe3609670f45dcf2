using System.Text.Json;

namespace Clamator;

/// <summary>Calls remote methods. Implemented by every transport's client.</summary>
public interface IClamatorClient
{
    /// <summary>Calls <paramref name="method"/> and returns its validated result.</summary>
    /// <param name="method">The method descriptor.</param>
    /// <param name="parameters">The params; validated before anything is sent.</param>
    /// <param name="timeout">How long to wait for the reply; the client's default (30 s) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Gives up early.</param>
    /// <exception cref="RpcException">The remote side answered with an error.</exception>
    /// <exception cref="ClamatorProtocolException">The params or the reply failed validation, or the reply was malformed.</exception>
    /// <exception cref="ClamatorTransportException">The call timed out ("call timeout"), or the transport is stopped,
    /// not started or lost its connection.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<TResult> CallAsync<TParams, TResult>(
        RpcMethod<TParams, TResult> method, TParams parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a notification; completes once the transport has accepted it. Nothing is answered.</summary>
    /// <exception cref="ClamatorProtocolException">The params failed validation; nothing was sent.</exception>
    /// <exception cref="ClamatorTransportException">The transport is stopped, not started or lost its connection.</exception>
    Task NotifyAsync<TParams>(RpcNotification<TParams> notification, TParams parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="method"/> (<c>service.method</c>) with untyped params (a JSON object; absent or
    /// <c>null</c> is sent as <c>{}</c>) and returns the raw result.
    /// </summary>
    /// <exception cref="ClamatorProtocolException">The method name breaks the naming rules or the params are not an object; nothing was sent.</exception>
    Task<JsonElement> CallAsync(string method, JsonElement parameters, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Sends an untyped notification to <paramref name="method"/> (<c>service.method</c>).</summary>
    Task NotifyAsync(string method, JsonElement parameters, CancellationToken cancellationToken = default);
}
