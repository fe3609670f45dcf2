using Microsoft.Extensions.Logging;

namespace Clamator;

/// <summary>Log events of the protocol cores (event ids 1000–1099).</summary>
internal static partial class ProtocolLog
{
    [LoggerMessage(1001, LogLevel.Error, "Handler for {Method} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(1002, LogLevel.Error, "Result of {Method} failed validation: {Reason}")]
    public static partial void ResultInvalid(ILogger logger, string method, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Notification {Method} dropped: invalid params: {Reason}")]
    public static partial void NotificationParamsInvalid(ILogger logger, string method, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "Invalid envelope for service {Service} ({Reason}); {Action}")]
    public static partial void InvalidEnvelope(ILogger logger, string service, string reason, string action);

    [LoggerMessage(1005, LogLevel.Warning, "Unknown method {Service}.{Method}")]
    public static partial void MethodNotFound(ILogger logger, string service, string method);

    [LoggerMessage(1006, LogLevel.Warning, "Shutdown grace of {Grace} expired with {InFlight} handler(s) still running; they are cancelled")]
    public static partial void DrainExpired(ILogger logger, TimeSpan grace, int inFlight);

    [LoggerMessage(1007, LogLevel.Warning, "Envelope for service {Service} is {Size} bytes, over MaxEnvelopeBytes {Max}")]
    public static partial void EnvelopeTooLarge(ILogger logger, string service, int size, int max);
}
