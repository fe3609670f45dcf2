namespace Clamator;

/// <summary>
/// A protocol violation detected locally: params or results that fail validation, a malformed
/// envelope, or an invalid service or method name.
/// </summary>
public sealed class ClamatorProtocolException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public ClamatorProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ClamatorProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for failed validation.</summary>
    public ClamatorProtocolException(string message, ValidationFailure validation)
        : this(message, validation, null)
    {
    }

    /// <summary>Creates the exception for failed validation found by an exception, such as a value that could not be serialized.</summary>
    public ClamatorProtocolException(string message, ValidationFailure validation, Exception? innerException)
        : base(message + ": " + (validation ?? throw new ArgumentNullException(nameof(validation))).Message, innerException)
    {
        Validation = validation;
    }

    /// <summary>The validation errors, when the exception reports failed validation.</summary>
    public ValidationFailure? Validation { get; }
}
