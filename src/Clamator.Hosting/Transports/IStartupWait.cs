namespace Clamator.Hosting;

/// <summary>
/// The progress of a start that keeps trying until the transport's broker answers: the host's start waits for the first
/// attempt only, and the health check reports the latest failure while the start goes on.
/// </summary>
public interface IStartupWait
{
    /// <summary>Completes once the first attempt has succeeded or failed.</summary>
    Task FirstAttempt { get; }

    /// <summary>Why the latest attempt failed while the start is still trying; <see langword="null"/> once started or before any failure.</summary>
    ClamatorTransportException? LastFailure { get; }
}
