using Clamator;

namespace Arith;

/// <summary>The handlers of the <c>notifications</c> service.</summary>
public interface INotificationsService
{
    /// <summary>Records a ping.</summary>
    Task PingAsync(PingParams p, CancellationToken cancellationToken);
}

/// <summary>The <c>notifications</c> contract.</summary>
public static class NotificationsContract
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "notifications";

    /// <summary><c>notifications.ping</c>.</summary>
    public static readonly RpcNotification<PingParams> Ping = new(ServiceName, "ping", ArithJsonContext.Default.PingParams);

    /// <summary>The contract, for <see cref="IRpcServer.RegisterService{TService}"/>.</summary>
    public static readonly Contract<INotificationsService> Contract = Contract<INotificationsService>.Create(ServiceName)
        .Notification(Ping, static (s, p, ct) => s.PingAsync(p, ct))
        .Build();
}
