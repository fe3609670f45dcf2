namespace Clamator;

/// <summary>The rest of a call's pipeline: the next interceptor, and finally the transport (client) or the handler (server).</summary>
/// <param name="context">The call.</param>
public delegate ValueTask<RpcOutcome> RpcCallHandler(RpcCallContext context);

/// <summary>
/// Runs around every call and notification a client sends or a server dispatches: see the call, time it, refuse it
/// (return <see cref="RpcOutcome.Failure(int, string, System.Text.Json.JsonElement?)"/> without calling <c>next</c>, or throw <see cref="RpcException"/>), or
/// answer it. Added with <c>AddInterceptor</c> before the client or server starts; the first added runs outermost.
/// </summary>
public interface IRpcInterceptor
{
    /// <summary>Handles <paramref name="context"/>, usually by awaiting <paramref name="next"/>.</summary>
    /// <param name="context">The call.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>The call's outcome: what the client returns or throws, what the server answers.</returns>
    ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next);
}
