namespace Clamator.Codegen;

/// <summary>Process exit codes of <c>clamator-codegen</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Generated (or, with <c>--check</c>, everything is up to date).</summary>
    public const int Success = 0;

    /// <summary><c>--check</c>: some files would change.</summary>
    public const int Drift = 1;

    /// <summary>Bad command line.</summary>
    public const int Usage = 2;

    /// <summary>Contracts could not be read (Node.js missing, a file failed to load, no contract, invalid names).</summary>
    public const int Failure = 3;
}
