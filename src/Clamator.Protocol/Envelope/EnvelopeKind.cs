namespace Clamator.Transport;

/// <summary>The classification of a received envelope (docs/protocol.md §2.5).</summary>
public enum EnvelopeKind
{
    /// <summary>Not a valid envelope; see <see cref="Envelope.InvalidReason"/>.</summary>
    Invalid,

    /// <summary>A call that expects a response (has an id).</summary>
    Request,

    /// <summary>A call without an id (absent or <c>null</c>); never answered.</summary>
    Notification,

    /// <summary>A response carrying a result.</summary>
    Success,

    /// <summary>A response carrying an error.</summary>
    Error,
}
