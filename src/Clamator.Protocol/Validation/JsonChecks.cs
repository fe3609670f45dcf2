using System.ComponentModel;
using System.Text.Json;

namespace Clamator;

/// <summary>Used by the JSON metadata the Clamator source generator writes, so its errors read like Zod's.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonChecks
{
    /// <summary>Zod's name for the type of the JSON value at <paramref name="token"/>: <c>string</c>, <c>number</c>, <c>boolean</c>, <c>null</c>, <c>array</c> or <c>object</c>.</summary>
    public static string Received(JsonTokenType token) => ZodText.Received(token);
}
