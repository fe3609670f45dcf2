using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Clamator.Generators;

/// <summary>
/// Generates, for each interface marked <c>[Clamator.ClamatorContract]</c>, a typed client, the contract
/// descriptors with reflection-free dispatch, and System.Text.Json metadata for its params and result types.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ContractGenerator : IIncrementalGenerator
{
    /// <summary>The tracking name of the step that reads contracts (for incremental-caching tests).</summary>
    public const string ReadStep = "ClamatorContracts";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ContractModel> contracts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "Clamator.ClamatorContractAttribute",
                static (node, _) => node is InterfaceDeclarationSyntax,
                static (ctx, ct) => ContractReader.Read(ctx, ct))
            .WithTrackingName(ReadStep);

        context.RegisterSourceOutput(contracts, static (spc, contract) =>
        {
            foreach (DiagnosticInfo diagnostic in contract.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (contract.Diagnostics.Count == 0)
            {
                spc.AddSource(contract.HintName, ContractWriter.Write(contract));
            }
        });
    }
}
