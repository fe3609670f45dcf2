using System.Diagnostics;
using Clamator.Transport;

namespace Clamator;

/// <summary>
/// Client and server spans of calls, with the OpenTelemetry RPC conventions for JSON-RPC, and the W3C trace context
/// they pass across a transport.
/// </summary>
internal static class RpcTracing
{
    public static readonly ActivitySource Source = new(ClamatorDiagnostics.ActivitySourceName, typeof(RpcTracing).Assembly.GetName().Version?.ToString());

    /// <summary>A Client span for a call or notification, or <see langword="null"/> when nobody listens.</summary>
    public static Activity? StartClient(string service, string method, string? requestId) =>
        Start(ActivityKind.Client, default, service, method, requestId);

    /// <summary>A Server span, the child of the caller's span when <paramref name="trace"/> carries one.</summary>
    public static Activity? StartServer(string service, string method, string? requestId, TraceHeaders trace)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (!ActivityContext.TryParse(trace.TraceParent, trace.TraceState, isRemote: true, out ActivityContext parent))
        {
            // A caller that sent no trace context starts a trace of its own, whatever span started the server's loops.
            // (Callers run this inside an async method, so the change does not leak to their caller.)
            Activity.Current = null;
        }

        return Start(ActivityKind.Server, parent, service, method, requestId);
    }

    /// <summary>The trace context to send: the client span's, else the ambient span's (so a server still joins the trace).</summary>
    public static TraceHeaders HeadersOf(Activity? activity) => (activity ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C } a
        ? new TraceHeaders(a.Id, a.TraceStateString)
        : TraceHeaders.None;

    /// <summary>Records how the call ended: the JSON-RPC error code, or the exception type when no answer came.</summary>
    public static void End(Activity? activity, RpcOutcome? outcome, Exception? failure)
    {
        if (activity is null)
        {
            return;
        }

        if (ErrorType(outcome, failure) is { } errorType)
        {
            if (outcome is { IsSuccess: false })
            {
                activity.SetTag("rpc.response.status_code", errorType);
            }

            activity.SetTag("error.type", errorType);
            activity.SetStatus(ActivityStatusCode.Error, outcome?.ErrorMessage ?? failure?.Message);
        }

        activity.Dispose();
    }

    /// <summary>
    /// The <c>error.type</c> of a call, for spans and metrics alike: the JSON-RPC code of an error answer; for a
    /// failure without an answer <c>timeout</c> or the exception's full type name; <see langword="null"/> on success.
    /// </summary>
    public static string? ErrorType(RpcOutcome? outcome, Exception? failure) => outcome is { IsSuccess: false }
        ? outcome.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : failure switch
        {
            null => null,
            ClamatorTransportException { IsTimeout: true } => "timeout",
            _ => failure.GetType().FullName ?? failure.GetType().Name,
        };

    private static Activity? Start(ActivityKind kind, ActivityContext parent, string service, string method, string? requestId)
    {
        Activity? activity = Source.StartActivity(service + "." + method, kind, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "jsonrpc");
            activity.SetTag("rpc.service", service);
            activity.SetTag("rpc.method", service + "." + method);
            activity.SetTag("jsonrpc.protocol.version", "2.0");
            if (requestId is not null)
            {
                activity.SetTag("jsonrpc.request.id", requestId);
            }
        }

        return activity;
    }
}
