using System.Text.Json.Serialization;

namespace Clamator.Testing;

// The suites' own copy of the notifications contract of the shared vectors (samples/Arith.Contracts/Generated/
// Notifications.g.cs); internal, like Arith.cs.

/// <summary>The <c>notifications</c> service the suites serve: one notification, <c>ping</c>.</summary>
[ClamatorContract("notifications")]
internal partial interface INotificationsService
{
    /// <summary><c>notifications.ping</c> (notification).</summary>
    /// <param name="p">The params.</param>
    /// <param name="cancellationToken">Cancelled when the caller's deadline passes or the server stops.</param>
    [ClamatorNotification(Name = "ping")]
    Task PingAsync(PingParams p, CancellationToken cancellationToken = default);
}

/// <summary>Params of <c>notifications.ping</c>.</summary>
internal sealed record PingParams : IValidatable
{
    /// <summary>The <c>tag</c> field (optional).</summary>
    [JsonPropertyName("tag")]
    public string? Tag { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}
