namespace Clamator;

/// <summary>
/// Zod's <c>z.string().datetime({ offset, local, precision })</c> options for a <see cref="DateTimeOffset"/> property
/// of a contract type: the generated JSON metadata reads and writes the property with a
/// <see cref="JsonDateTimeOffsetConverter"/> set to them. Without it a date-time is read as Zod's default
/// (<c>Z</c> only, any fraction digits). clamator-codegen writes it for date-times whose Zod schema has options.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ClamatorDateTimeAttribute : Attribute
{
    /// <summary>Zod's <c>offset: true</c>: also accept <c>+HH:MM</c> offsets.</summary>
    public bool Offset { get; set; }

    /// <summary>Zod's <c>local: true</c>: also accept date-times without a zone (read as UTC).</summary>
    public bool Local { get; set; }

    /// <summary>Zod's <c>precision</c>: exactly this many fraction digits; negative (the default) for any number.</summary>
    public int Precision { get; set; } = -1;
}
