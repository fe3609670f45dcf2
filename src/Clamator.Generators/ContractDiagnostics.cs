using System.Linq;
using Microsoft.CodeAnalysis;

namespace Clamator.Generators;

/// <summary>The rules a <c>[ClamatorContract]</c> interface must follow; each is documented in docs/diagnostics.md.</summary>
internal static class ContractDiagnostics
{
    private const string Category = "Clamator.Contracts";

    public static readonly DiagnosticDescriptor InvalidServiceName = Error(
        "CLAM001", "Invalid service name", "Service name '{0}' is invalid: use lowercase ASCII letters, digits and '-', starting with a letter");

    public static readonly DiagnosticDescriptor InvalidMethodName = Error(
        "CLAM002", "Invalid method name", "Method name '{0}' is invalid: use ASCII letters and digits, starting with a lowercase letter");

    public static readonly DiagnosticDescriptor DuplicateMethodName = Error(
        "CLAM003", "Duplicate method name", "Contract '{0}' has more than one method named '{1}' on the wire");

    public static readonly DiagnosticDescriptor InvalidReturnType = Error(
        "CLAM004", "Invalid return type",
        "Method '{0}' must return Task<T> or ValueTask<T> (a request) or Task or ValueTask (a [ClamatorNotification]), not '{1}'");

    public static readonly DiagnosticDescriptor InvalidParameters = Error(
        "CLAM005", "Invalid parameters", "Method '{0}' must take exactly one params object, optionally followed by a CancellationToken");

    public static readonly DiagnosticDescriptor NotificationWithResult = Error(
        "CLAM006", "Notification returns a result", "Notification '{0}' must return Task or ValueTask: notifications are never answered");

    public static readonly DiagnosticDescriptor RequestWithoutResult = Error(
        "CLAM007", "Request without a result", "Method '{0}' returns no result: return Task<T>/ValueTask<T>, or mark it [ClamatorNotification]");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "CLAM008", "Unsupported type", "Type '{0}' (at {1}) cannot be carried by a contract: {2}");

    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "CLAM009", "Unsupported contract member", "Contract interface '{0}' may declare only methods; '{1}' is not allowed");

    public static readonly DiagnosticDescriptor UnsupportedInterface = Error(
        "CLAM010", "Unsupported contract interface", "Contract interface '{0}' {1}");

    private static readonly DiagnosticDescriptor[] All =
    [
        InvalidServiceName, InvalidMethodName, DuplicateMethodName, InvalidReturnType, InvalidParameters,
        NotificationWithResult, RequestWithoutResult, UnsupportedType, UnsupportedMember, UnsupportedInterface,
    ];

    public static DiagnosticDescriptor Find(string id) => All.First(d => d.Id == id);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "See docs/diagnostics.md#" + id.ToLowerInvariant() + " in the Clamator repository.");
}
