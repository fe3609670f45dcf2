using System;
using System.Text;

namespace Clamator.Generators;

/// <summary>Wire-name rules (as <c>Clamator.RpcNames</c>) and the C# names derived from them.</summary>
internal static class Names
{
    public static bool IsValidService(string name)
    {
        if (name.Length == 0 || !IsLower(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!IsLower(c) && !IsDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidMethod(string name)
    {
        if (name.Length == 0 || !IsLower(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!IsLower(c) && !IsUpper(c) && !IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The C# name without a trailing <c>Async</c>.</summary>
    public static string WithoutAsync(string name) =>
        name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name;

    /// <summary><c>AddAsync</c> ⇒ <c>add</c>; <c>HTTPStatus</c> ⇒ <c>httpStatus</c>.</summary>
    public static string CamelCase(string name)
    {
        if (name.Length == 0 || !IsUpper(name[0]))
        {
            return name;
        }

        char[] chars = name.ToCharArray();
        for (int i = 0; i < chars.Length && IsUpper(chars[i]); i++)
        {
            bool nextIsLower = i + 1 < chars.Length && !IsUpper(chars[i + 1]);
            if (i > 0 && nextIsLower)
            {
                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    /// <summary><c>IArithService</c> ⇒ <c>Arith</c>: without a leading <c>I</c> and a trailing <c>Service</c>.</summary>
    public static string BaseName(string interfaceName)
    {
        string name = interfaceName.Length > 1 && interfaceName[0] == 'I' && IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;
        if (name.Length > 7 && name.EndsWith("Service", StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - 7);
        }

        return name;
    }

    /// <summary>A C# identifier made of the letters and digits of <paramref name="text"/>.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool upperNext = true;
        foreach (char c in text)
        {
            if (IsLower(c) || IsUpper(c) || IsDigit(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        return builder.Length == 0 || IsDigit(builder[0]) ? "T" + builder : builder.ToString();
    }

    private static bool IsLower(char c) => c is >= 'a' and <= 'z';

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
