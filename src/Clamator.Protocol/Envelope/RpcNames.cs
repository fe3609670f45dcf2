namespace Clamator;

/// <summary>The service and method name rules of docs/protocol.md §3.</summary>
public static class RpcNames
{
    /// <summary>Whether <paramref name="name"/> matches <c>^[a-z][a-z0-9-]*$</c>.</summary>
    public static bool IsValidService(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> matches <c>^[a-z][a-zA-Z0-9]*$</c>.</summary>
    public static bool IsValidMethod(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits <c>service.method</c> at the first dot; false when either half breaks the rules.</summary>
    public static bool TrySplit(string qualified, out string service, out string method)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        int dot = qualified.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && IsValidService(qualified.AsSpan(0, dot)) && IsValidMethod(qualified.AsSpan(dot + 1)))
        {
            service = qualified[..dot];
            method = qualified[(dot + 1)..];
            return true;
        }

        service = method = "";
        return false;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="service"/> breaks the rules.</summary>
    public static void ThrowIfInvalidService(string service, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(service, paramName);
        if (!IsValidService(service))
        {
            throw new ArgumentException($"Invalid service name '{service}': it must match ^[a-z][a-z0-9-]*$.", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="method"/> breaks the rules.</summary>
    public static void ThrowIfInvalidMethod(string method, string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(method, paramName);
        if (!IsValidMethod(method))
        {
            throw new ArgumentException($"Invalid method name '{method}': it must match ^[a-z][a-zA-Z0-9]*$.", paramName);
        }
    }
}
