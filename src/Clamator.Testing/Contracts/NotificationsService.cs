namespace Clamator.Testing;

/// <summary>Records pings and raises <see cref="Pinged"/> for each.</summary>
internal sealed class NotificationsService : INotificationsService
{
    /// <summary>Raised for each ping, with its params.</summary>
    public event Action<PingParams>? Pinged;

    /// <inheritdoc />
    public Task PingAsync(PingParams p, CancellationToken cancellationToken)
    {
        Pinged?.Invoke(p);
        return Task.CompletedTask;
    }
}
