namespace Clamator;

/// <summary>Marks a contract method as a notification: sent without an id, never answered; it returns <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ClamatorNotificationAttribute : Attribute
{
    /// <summary>The method name on the wire; <see langword="null"/> for the default (C# name without <c>Async</c>, camelCased).</summary>
    public string? Name { get; init; }
}
