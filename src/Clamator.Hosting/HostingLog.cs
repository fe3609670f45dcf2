using Microsoft.Extensions.Logging;

namespace Clamator.Hosting;

/// <summary>Log events of Clamator.Hosting (event ids 3000–3099).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(3001, LogLevel.Information, "Clamator backend '{Backend}' ({Transport}): client started")]
    public static partial void ClientStarted(ILogger logger, string backend, string transport);

    [LoggerMessage(3002, LogLevel.Information, "Clamator backend '{Backend}' ({Transport}): server started")]
    public static partial void ServerStarted(ILogger logger, string backend, string transport);

    [LoggerMessage(3003, LogLevel.Information, "Clamator backend '{Backend}': server stopped")]
    public static partial void ServerStopped(ILogger logger, string backend);

    [LoggerMessage(3004, LogLevel.Information, "Clamator backend '{Backend}': client stopped")]
    public static partial void ClientStopped(ILogger logger, string backend);

    [LoggerMessage(3050, LogLevel.Information,
        "Clamator backend '{Backend}': the {Role} cannot reach {Transport} yet; the host goes on, health is Unhealthy, and it starts by itself once that " +
        "answers: {Reason}")]
    public static partial void WaitingForBroker(ILogger logger, string backend, string role, string transport, string reason);

    [LoggerMessage(3051, LogLevel.Error, "The Clamator {Role} could not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string role, string reason, Exception exception);
}
