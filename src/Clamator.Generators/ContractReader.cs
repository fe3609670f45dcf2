using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Clamator.Generators;

/// <summary>Reads a <c>[ClamatorContract]</c> interface into a <see cref="ContractModel"/>, checking every rule.</summary>
internal static class ContractReader
{
    private static readonly string[] ReservedMembers = ["ServiceName", "JsonOptions", "Contract", "Info", "JsonMetadata"];

    public static ContractModel Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var diagnostics = new List<DiagnosticInfo>();
        Location? location = symbol.Locations.FirstOrDefault();
        string service = context.Attributes[0].ConstructorArguments.FirstOrDefault().Value as string ?? string.Empty;

        if (!Names.IsValidService(service))
        {
            diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.InvalidServiceName, location, service));
        }

        if (symbol.ContainingType is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                ContractDiagnostics.UnsupportedInterface, location, symbol.Name, "must be declared in a namespace, not nested in a type"));
        }

        if (symbol.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.UnsupportedInterface, location, symbol.Name, "must not be generic"));
        }

        // The generated half of a partial contract adds IClamatorContract<TSelf>; any other base is refused.
        if (symbol.Interfaces.Any(i => !IsContractBase(i, symbol)))
        {
            diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.UnsupportedInterface, location, symbol.Name, "must not extend other interfaces"));
        }

        var types = new JsonTypeCollector(diagnostics);
        var methods = new List<MethodModel>();
        var wireNames = new HashSet<string>();
        var descriptorNames = new HashSet<string>(ReservedMembers);
        foreach (ISymbol member in symbol.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsStatic || member is IMethodSymbol { MethodKind: not MethodKind.Ordinary })
            {
                continue;
            }

            if (member is not IMethodSymbol method)
            {
                diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.UnsupportedMember, member.Locations.FirstOrDefault(), symbol.Name, member.Name));
                continue;
            }

            MethodModel? model = ReadMethod(method, types, diagnostics);
            if (model is null)
            {
                continue;
            }

            if (!wireNames.Add(model.WireName))
            {
                diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.DuplicateMethodName, method.Locations.FirstOrDefault(), service, model.WireName));
            }

            string descriptor = model.DescriptorName;
            for (int i = 2; !descriptorNames.Add(descriptor); i++)
            {
                descriptor = model.DescriptorName + "Method" + (i == 2 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            methods.Add(model with { DescriptorName = descriptor });
        }

        return new ContractModel(
            symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString(),
            symbol.Name,
            symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
            Names.BaseName(symbol.Name),
            service,
            new EquatableArray<MethodModel>(methods),
            new EquatableArray<JsonTypeModel>(types.Types),
            new EquatableArray<DiagnosticInfo>(diagnostics),
            symbol.DeclaringSyntaxReferences.Any(
            r => r.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.InterfaceDeclarationSyntax declaration
                && declaration.Modifiers.Any(m => m.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))));
    }

    private static bool IsContractBase(INamedTypeSymbol candidate, INamedTypeSymbol contract) =>
        candidate is { Name: "IClamatorContract", Arity: 1, ContainingNamespace: { Name: "Clamator", ContainingNamespace.IsGlobalNamespace: true } }
        && SymbolEqualityComparer.Default.Equals(candidate.TypeArguments[0], contract);

    private static MethodModel? ReadMethod(IMethodSymbol method, JsonTypeCollector types, List<DiagnosticInfo> diagnostics)
    {
        Location? location = method.Locations.FirstOrDefault();
        AttributeData? notification = Attribute(method, "ClamatorNotificationAttribute");
        AttributeData? named = Attribute(method, "ClamatorMethodAttribute");
        string wireName = (named?.ConstructorArguments.FirstOrDefault().Value as string)
            ?? (notification?.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string)
            ?? Names.CamelCase(Names.WithoutAsync(method.Name));
        int before = diagnostics.Count;

        if (!Names.IsValidMethod(wireName))
        {
            diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.InvalidMethodName, location, wireName));
        }

        ParameterShape parameters = new(method);
        if (method.ReturnType.TypeKind == TypeKind.Error || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error))
        {
            return null; // the compiler reports the unknown type
        }

        if (method.IsGenericMethod || !parameters.IsValid)
        {
            diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.InvalidParameters, location, method.Name));
        }

        var returnType = method.ReturnType as INamedTypeSymbol;
        string definition = returnType?.OriginalDefinition.ToDisplayString() ?? string.Empty;
        bool valueTask = definition.StartsWith("System.Threading.Tasks.ValueTask", System.StringComparison.Ordinal);
        ITypeSymbol? result = null;
        switch (definition)
        {
            case "System.Threading.Tasks.Task<TResult>":
            case "System.Threading.Tasks.ValueTask<TResult>":
                result = returnType!.TypeArguments[0];
                if (notification is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.NotificationWithResult, location, method.Name));
                }

                break;
            case "System.Threading.Tasks.Task":
            case "System.Threading.Tasks.ValueTask":
                if (notification is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.RequestWithoutResult, location, method.Name));
                }

                break;
            default:
                diagnostics.Add(DiagnosticInfo.Create(ContractDiagnostics.InvalidReturnType, location, method.Name, method.ReturnType.ToDisplayString()));
                break;
        }

        if (diagnostics.Count != before || parameters.Params is null)
        {
            return null;
        }

        types.Location = location;
        ITypeSymbol paramsType = parameters.Params.Type;
        if (paramsType.TypeKind != TypeKind.Class || paramsType.SpecialType == SpecialType.System_String
            || paramsType is INamedTypeSymbol { IsGenericType: true })
        {
            diagnostics.Add(DiagnosticInfo.Create(
                ContractDiagnostics.UnsupportedType, location, paramsType.ToDisplayString(), $"params of '{method.Name}'",
                "params must be an object: a class or record"));
            return null;
        }

        types.Add(paramsType, $"params of '{method.Name}'");
        if (result is not null)
        {
            types.Add(result, $"result of '{method.Name}'");
        }

        return new MethodModel(
            method.Name,
            Names.WithoutAsync(method.Name),
            wireName,
            JsonTypeCollector.Name(parameters.Params.Type),
            result is null ? null : JsonTypeCollector.Name(result),
            valueTask,
            parameters.Params.Name,
            parameters.Cancellation?.Name);
    }

    private static AttributeData? Attribute(IMethodSymbol method, string name) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == name && a.AttributeClass.ContainingNamespace.ToDisplayString() == "Clamator");

    /// <summary>The accepted parameter shape: one params object, optionally followed by a CancellationToken.</summary>
    private readonly struct ParameterShape
    {
        public ParameterShape(IMethodSymbol method)
        {
            Params = null;
            Cancellation = null;
            var all = method.Parameters;
            if (all.Length is < 1 or > 2 || all.Any(p => p.RefKind != RefKind.None || p.IsParams) || IsCancellationToken(all[0].Type))
            {
                return;
            }

            if (all.Length == 2 && !IsCancellationToken(all[1].Type))
            {
                return;
            }

            Params = all[0];
            Cancellation = all.Length == 2 ? all[1] : null;
        }

        public IParameterSymbol? Params { get; }

        public IParameterSymbol? Cancellation { get; }

        public bool IsValid => Params is not null;

        private static bool IsCancellationToken(ITypeSymbol type) => type.ToDisplayString() == "System.Threading.CancellationToken";
    }
}
