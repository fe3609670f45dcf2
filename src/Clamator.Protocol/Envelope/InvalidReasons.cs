namespace Clamator.Transport;

/// <summary>Why an envelope is <see cref="EnvelopeKind.Invalid"/>; sent as <c>data.reason</c> of -32600 errors.</summary>
public static class InvalidReasons
{
    /// <summary>Not JSON, or empty.</summary>
    public const string Parse = "parse";

    /// <summary>A top-level JSON array (batches are not supported).</summary>
    public const string Batch = "batch";

    /// <summary>A JSON value that is not an object.</summary>
    public const string NotObject = "not-object";

    /// <summary>The <c>id</c> is neither a string, an integer nor null.</summary>
    public const string Id = "id";

    /// <summary><c>jsonrpc</c> is missing or not <c>"2.0"</c>.</summary>
    public const string Version = "version";

    /// <summary>The <c>method</c> does not follow the service and method name rules.</summary>
    public const string MethodName = "method-name";

    /// <summary>Members of the wrong type or combination.</summary>
    public const string Shape = "shape";

    /// <summary>A member other than a request's <c>params</c> nests deeper than <see cref="Envelope.MaxDepth"/>.</summary>
    public const string TooDeep = "too-deep";

    /// <summary>The envelope exceeds the configured maximum size.</summary>
    public const string TooLarge = "too-large";

    /// <summary>A response arrived where a request was expected.</summary>
    public const string NotRequest = "not-request";
}
