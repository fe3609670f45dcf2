namespace Clamator.Cli;

/// <summary>Process exit codes of <c>clamator</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Done (for <c>call</c>: the result is on stdout).</summary>
    public const int Success = 0;

    /// <summary>
    /// A JSON-RPC error reply (<c>call</c>: the error object on stderr), a reply that breaks the protocol, a key of
    /// the wire layout holding another type, or a confirmation declined.
    /// </summary>
    public const int Failure = 1;

    /// <summary>Bad command line, or a destructive command without <c>--yes</c> whose stdin is not a terminal.</summary>
    public const int Usage = 2;

    /// <summary>
    /// Redis unreachable or failing, a call that timed out or was lost, a service without a consumer group, or a prefix
    /// (or a service named on the command line) with no services under it (<see cref="PrefixHint"/>).
    /// </summary>
    public const int Transport = 3;
}
