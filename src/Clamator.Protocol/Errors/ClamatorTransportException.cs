namespace Clamator;

/// <summary>
/// The transport could not carry a call: a timeout, no live server, a stopped or not yet started transport, a lost
/// connection or refused credentials. <see cref="Kind"/> says which; the message is one line that says what failed
/// and what to check, and the cause, where there is one, is the inner exception.
/// </summary>
public sealed class ClamatorTransportException : Exception
{
    /// <summary>The message of the exception thrown when a call times out.</summary>
    public const string CallTimeoutMessage = "call timeout";

    /// <summary>The message of the exception thrown for calls pending when the transport stops.</summary>
    public const string StoppedMessage = "transport stopped";

    /// <summary>The message of the exception thrown for calls made before the transport started.</summary>
    public const string NotStartedMessage = "transport not started";

    /// <summary>Creates the exception with a kind and a message.</summary>
    /// <param name="kind">What failed.</param>
    /// <param name="message">One line: what failed and what to check.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ClamatorTransportException(ClamatorTransportErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a ClamatorTransportErrorKind.");
        }

        Kind = kind;
    }

    /// <summary>What failed, to test without reading the message.</summary>
    public ClamatorTransportErrorKind Kind { get; }

    /// <summary>
    /// Whether the call timed out: no reply came within its timeout (<see cref="Kind"/> is
    /// <see cref="ClamatorTransportErrorKind.Timeout"/>).
    /// </summary>
    public bool IsTimeout => Kind == ClamatorTransportErrorKind.Timeout;

    /// <summary>Whether no live server serves the called service (<see cref="Kind"/> is <see cref="ClamatorTransportErrorKind.NoResponders"/>).</summary>
    public bool IsNoResponders => Kind == ClamatorTransportErrorKind.NoResponders;
}
