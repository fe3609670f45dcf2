namespace Clamator;

/// <summary>
/// Implemented by params and result types that state constraints beyond their JSON shape (ranges,
/// lengths, enumerations). Called after deserialization on receive and before serialization on send.
/// </summary>
public interface IValidatable
{
    /// <summary>Reports every violated constraint to <paramref name="context"/>.</summary>
    void Validate(ValidationContext context);
}
