using System.Globalization;
using System.Text;

namespace Clamator.Codegen;

/// <summary>C# names and literals derived from wire names.</summary>
internal static class CSharpNames
{
    /// <summary><c>echoText</c> ⇒ <c>EchoText</c>; <c>billing-v2</c> ⇒ <c>BillingV2</c>; <c>2d</c> ⇒ <c>N2d</c>.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return builder.Length == 0 || char.IsAsciiDigit(builder[0]) ? "N" + builder : builder.ToString();
    }

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c > '\u007e')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
