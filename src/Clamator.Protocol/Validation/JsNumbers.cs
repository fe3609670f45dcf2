using System.Globalization;
using System.Numerics;
using System.Text;

namespace Clamator;

/// <summary>
/// JavaScript's number formatting (<c>Number.prototype.toString</c>, <c>toFixed</c>) and <c>parseInt</c>, exactly, so
/// checks Zod computes with them give the same answer here (its <c>multipleOf</c> is one).
/// </summary>
internal static class JsNumbers
{
    /// <summary>
    /// Zod 3's <c>floatSafeRemainder(value, step)</c>: both scaled to integers by the larger count of fraction digits
    /// in their JavaScript text, then the remainder; <c>z.number().multipleOf(step)</c> fails unless it is 0.
    /// </summary>
    public static double FloatSafeRemainder(double value, double step)
    {
        int valueDecimals = Decimals(ToString(value));
        int stepDecimals = Decimals(ToString(step));
        int decimals = Math.Max(valueDecimals, stepDecimals);
        double valueInt = ParseInt(ToFixed(value, decimals).Replace(".", string.Empty, StringComparison.Ordinal));
        double stepInt = ParseInt(ToFixed(step, decimals).Replace(".", string.Empty, StringComparison.Ordinal));
        return valueInt % stepInt / Math.Pow(10, decimals);
    }

    /// <summary><c>String(value)</c> in JavaScript: the shortest digits that read back as <paramref name="value"/>, in JS layout.</summary>
    public static string ToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        (string digits, int n) = Shortest(Math.Abs(value));
        string sign = value < 0 ? "-" : string.Empty;
        int k = digits.Length;
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }

        if (n > 0 && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }

        if (n > -6 && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }

        int e = n - 1;
        string exponent = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return sign + (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + exponent;
    }

    /// <summary><c>value.toFixed(digits)</c> in JavaScript: exact decimal rounding of the binary value, ties to the larger magnitude.</summary>
    public static string ToFixed(double value, int digits)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (Math.Abs(value) >= 1e21 || double.IsInfinity(value))
        {
            return ToString(value);
        }

        string sign = value < 0 ? "-" : string.Empty;
        BigInteger n = RoundScaled(Math.Abs(value), digits);
        string m = n.IsZero ? "0" : n.ToString(CultureInfo.InvariantCulture);
        if (digits == 0)
        {
            return sign + m;
        }

        if (m.Length <= digits)
        {
            m = new string('0', digits + 1 - m.Length) + m;
        }

        return sign + m[..^digits] + "." + m[^digits..];
    }

    /// <summary><c>Number.parseInt(text)</c> for the texts <see cref="ToFixed"/> makes: an optional sign and the leading digits; NaN without digits.</summary>
    public static double ParseInt(string text)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        int start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == start)
        {
            return double.NaN;
        }

        double magnitude = double.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -magnitude : magnitude;
    }

    /// <summary>The number of characters after the first <c>.</c> of a JavaScript number text (<c>"1.5e-7"</c> has 4), as Zod counts decimals.</summary>
    private static int Decimals(string text)
    {
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    /// <summary>The shortest round-trip digits of a positive finite value (no leading or trailing zeros) and n, where value = 0.digits × 10^n.</summary>
    private static (string Digits, int N) Shortest(double value)
    {
        // .NET's "R" is the shortest text that reads back as the same double, as JavaScript's algorithm requires.
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        int point = dot < 0 ? text.Length : dot;
        var digits = new StringBuilder(text.Replace(".", string.Empty, StringComparison.Ordinal));
        while (digits.Length > 1 && digits[0] == '0')
        {
            digits.Remove(0, 1);
            point--;
        }

        while (digits.Length > 1 && digits[^1] == '0')
        {
            digits.Length--;
        }

        return (digits.ToString(), point + exponent);
    }

    /// <summary>The integer n closest to value × 10^digits, computed exactly; the larger one when two are as close.</summary>
    private static BigInteger RoundScaled(double value, int digits)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = rawExponent == 0 ? fraction : fraction | (1L << 52);
        int exponent = (rawExponent == 0 ? 1 : rawExponent) - 1075;
        BigInteger scaled = mantissa * BigInteger.Pow(10, digits);
        if (exponent >= 0)
        {
            return scaled << exponent;
        }

        BigInteger denominator = BigInteger.One << -exponent;
        return ((scaled << 1) + denominator) / (denominator << 1);
    }
}
