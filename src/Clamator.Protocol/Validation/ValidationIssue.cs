namespace Clamator;

/// <summary>One violated constraint.</summary>
/// <param name="Path">Where, from the params or result root: member names (<see cref="string"/>) and array indexes (<see cref="int"/>).</param>
/// <param name="Message">What is wrong.</param>
public sealed record ValidationIssue(IReadOnlyList<object> Path, string Message)
{
    /// <summary>The path in dotted form, e.g. <c>items[0].sku</c>; empty for the root.</summary>
    public string PathText => ValidationContext.FormatPath(Path);
}
