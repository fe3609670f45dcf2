using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Clamator.Codegen;

/// <summary>The schema-hash manifest of docs/protocol.md §10.4, for drift detection across languages.</summary>
internal static class Manifest
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of a schema's compact JSON text.</summary>
    public static string Hash(string schemaText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schemaText)));

    /// <summary>The manifest text: 2-space indented, services and methods sorted, trailing newline.</summary>
    public static string Write(IEnumerable<LoadedContract> contracts, string generatedBy)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteString("generatedBy", generatedBy);
            writer.WriteStartObject("contracts");
            foreach (LoadedContract contract in contracts.OrderBy(c => c.Service, StringComparer.Ordinal))
            {
                writer.WriteStartObject(contract.Service);
                foreach (LoadedMethod method in contract.Methods.OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WriteStartObject(method.Name);
                    writer.WriteString("paramsHash", Hash(method.ParamsSchema));
                    if (method.ResultSchema is null)
                    {
                        writer.WriteNull("resultHash");
                    }
                    else
                    {
                        writer.WriteString("resultHash", Hash(method.ResultSchema));
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
