namespace Clamator;

/// <summary>
/// The transport could not carry a call: a timeout, a stopped or not yet started transport, or a lost
/// connection (the cause is the inner exception).
/// </summary>
public sealed class ClamatorTransportException : Exception
{
    /// <summary>The message of the exception thrown when a call times out.</summary>
    public const string CallTimeoutMessage = "call timeout";

    /// <summary>The message of the exception thrown for calls pending when the transport stops.</summary>
    public const string StoppedMessage = "transport stopped";

    /// <summary>The message of the exception thrown for calls made before the transport started.</summary>
    public const string NotStartedMessage = "transport not started";

    /// <summary>Whether the call timed out: no reply came within its timeout (the message is <see cref="CallTimeoutMessage"/>).</summary>
    public bool IsTimeout => Message == CallTimeoutMessage;

    /// <summary>Creates the exception with a message.</summary>
    public ClamatorTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ClamatorTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
