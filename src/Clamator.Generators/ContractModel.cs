namespace Clamator.Generators;

/// <summary>Everything the generator emits for one <c>[ClamatorContract]</c> interface; equatable for caching.</summary>
internal sealed record ContractModel(
    string? Namespace,
    string InterfaceName,
    string Accessibility,
    string BaseName,
    string Service,
    EquatableArray<MethodModel> Methods,
    EquatableArray<JsonTypeModel> Types,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool IsPartial)
{
    /// <summary>The source file name the contract is emitted to.</summary>
    public string HintName => (Namespace is null ? string.Empty : Namespace + ".") + InterfaceName + ".Clamator.g.cs";
}
