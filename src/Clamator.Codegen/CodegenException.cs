namespace Clamator.Codegen;

/// <summary>A failure reported to the user as one message and an exit code.</summary>
internal sealed class CodegenException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
