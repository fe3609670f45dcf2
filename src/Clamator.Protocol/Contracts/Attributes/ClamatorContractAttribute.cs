namespace Clamator;

/// <summary>
/// Marks an interface as a C#-first Clamator contract. The Clamator source generator emits, next to it, a typed
/// client (<c>{Name}Client</c>), the contract descriptors and JSON metadata (<c>{Name}Contract</c>), where
/// <c>{Name}</c> is the interface name without its leading <c>I</c> and trailing <c>Service</c>.
/// </summary>
/// <remarks>
/// Each method takes one params object and, optionally, a <see cref="CancellationToken"/>, and returns
/// <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/> (a request) or <see cref="Task"/> /
/// <see cref="ValueTask"/> when marked <see cref="ClamatorNotificationAttribute"/>. The wire name is the C# name
/// without <c>Async</c>, camelCased, unless <see cref="ClamatorMethodAttribute"/> or
/// <see cref="ClamatorNotificationAttribute.Name"/> names it.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class ClamatorContractAttribute : Attribute
{
    /// <summary>Marks the interface as the contract of <paramref name="service"/>.</summary>
    /// <param name="service">The service name on the wire (lowercase letters, digits, <c>-</c>).</param>
    public ClamatorContractAttribute(string service) => Service = service;

    /// <summary>The service name on the wire.</summary>
    public string Service { get; }
}
