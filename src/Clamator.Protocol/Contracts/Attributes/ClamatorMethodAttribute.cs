namespace Clamator;

/// <summary>Names a contract method on the wire when the default (C# name without <c>Async</c>, camelCased) does not fit.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ClamatorMethodAttribute : Attribute
{
    /// <summary>Sets the wire name.</summary>
    /// <param name="name">The method name on the wire (camelCase ASCII letters and digits).</param>
    public ClamatorMethodAttribute(string name) => Name = name;

    /// <summary>The method name on the wire.</summary>
    public string Name { get; }
}
