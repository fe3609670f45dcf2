namespace Clamator.Codegen;

/// <summary>A contract as the Node.js loader read it: its service, source file and methods' JSON Schemas.</summary>
/// <param name="Service">The service name.</param>
/// <param name="SourceFile">The contract file, relative to <c>--src</c>, with <c>/</c> separators.</param>
/// <param name="Methods">The methods in the contract's declaration order.</param>
internal sealed record LoadedContract(string Service, string SourceFile, IReadOnlyList<LoadedMethod> Methods);

/// <summary>One method: its params and result schemas as the compact JSON text zod-to-json-schema produced.</summary>
/// <param name="Name">The wire name.</param>
/// <param name="ParamsSchema">The params schema text (the text docs/protocol.md §10.4 hashes).</param>
/// <param name="ResultSchema">The result schema text; <see langword="null"/> for a notification.</param>
/// <param name="ParamsMapping">
/// The params schema annotated for the C# mapping with what Zod checks and JSON Schema does not say (regex flags,
/// date-time and time options, strict objects); <see langword="null"/> to map <paramref name="ParamsSchema"/>.
/// </param>
/// <param name="ResultMapping">The result schema annotated the same way.</param>
internal sealed record LoadedMethod(string Name, string ParamsSchema, string? ResultSchema, string? ParamsMapping = null, string? ResultMapping = null);
