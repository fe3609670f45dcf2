using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Clamator;

/// <summary>
/// Collects constraint violations while an <see cref="IValidatable"/> value validates itself; tracks
/// the path of nested members so each issue names where it is.
/// </summary>
public sealed class ValidationContext
{
    // Zod 3's own regexes (zod@3.25.76, v3/types.js), with JavaScript's end of input ($ there never matches before a final
    // newline) and its /i flag spelled out as [A-Za-z] (JavaScript's /i folds ASCII letters only).
    private static readonly Regex EmailRegex = new(
        @"^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}(?!\n)$", RegexOptions.ECMAScript);

    private static readonly Regex UuidRegex = new(
        @"^[0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}(?!\n)$", RegexOptions.ECMAScript);

    private static readonly Regex DateRegex = new(
        @"^((\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29"
        + @"|\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|(02)-(0[1-9]|1\d|2[0-8])))(?!\n)$",
        RegexOptions.ECMAScript);

    private List<object>? _path; // made when a nested member is entered: most values never need it
    private List<ValidationIssue>? _issues;

    /// <summary>Whether any issue has been reported.</summary>
    internal bool HasIssues => _issues is { Count: > 0 };

    /// <summary>
    /// Validates <paramref name="value"/> and returns its failure, or <see langword="null"/> when valid. A
    /// <see cref="IValidatable.Validate"/> that throws is a failure too, reported at the path where it threw, so a
    /// broken validator is answered like invalid input instead of escaping the dispatch.
    /// </summary>
    public static ValidationFailure? Check<T>(T value)
    {
        if (value is not IValidatable validatable)
        {
            return null;
        }

        var context = new ValidationContext();
        try
        {
            validatable.Validate(context);
        }
        catch (Exception ex)
        {
            context.Fail($"Validation threw {ex.GetType().Name}: {ex.Message}");
        }

        return context._issues is { Count: > 0 } issues ? new ValidationFailure(issues) : null;
    }

    /// <summary>Reports an issue at the current path.</summary>
    public void Fail(string message) => Add(null, message);

    /// <summary>Reports an issue at <paramref name="member"/> below the current path.</summary>
    public void Fail(string member, string message)
    {
        ArgumentNullException.ThrowIfNull(member);
        Add(member, message);
    }

    /// <summary>Reports <paramref name="member"/> when it is <see langword="null"/>.</summary>
    public void Required(string member, object? value)
    {
        if (value is null)
        {
            Fail(member, "Required");
        }
    }

    /// <summary>
    /// Checks that <paramref name="value"/> is integral, as Zod's <c>z.number().int()</c> does (<c>Number.isInteger</c>):
    /// any finite double without a fraction, however large (<c>1e20</c> passes, <c>5.5</c> fails).
    /// </summary>
    public void Integer(string member, double? value)
    {
        if (value is { } v && !(double.IsFinite(v) && Math.Floor(v) == v))
        {
            Fail(member, "Expected integer, received float");
        }
    }

    /// <summary>Checks <c>value ≥ min</c> (or <c>&gt;</c> when <paramref name="exclusive"/>).</summary>
    public void Minimum(string member, double? value, double min, bool exclusive = false)
    {
        if (value is { } v && (exclusive ? v <= min : v < min))
        {
            Fail(member, $"Number must be greater than {(exclusive ? "" : "or equal to ")}{Format(min)}");
        }
    }

    /// <summary>Checks <c>value ≤ max</c> (or <c>&lt;</c> when <paramref name="exclusive"/>).</summary>
    public void Maximum(string member, double? value, double max, bool exclusive = false)
    {
        if (value is { } v && (exclusive ? v >= max : v > max))
        {
            Fail(member, $"Number must be less than {(exclusive ? "" : "or equal to ")}{Format(max)}");
        }
    }

    /// <summary>
    /// Checks that <paramref name="value"/> is a multiple of <paramref name="step"/> exactly as Zod 3's
    /// <c>z.number().multipleOf(step)</c> decides it: both are scaled to integers by their decimal digits first, so
    /// <c>0.07</c> is a multiple of <c>0.01</c> (a plain floating-point remainder says it is not).
    /// </summary>
    public void MultipleOf(string member, double? value, double step)
    {
        if (value is { } v && JsNumbers.FloatSafeRemainder(v, step) != 0)
        {
            Fail(member, $"Number must be a multiple of {JsNumbers.ToString(step)}");
        }
    }

    /// <summary>
    /// Checks <paramref name="value"/> as Zod 3's <c>z.string().email()</c> does (its regex, not
    /// <see cref="System.Net.Mail.MailAddress"/>: <c>a@b</c> and <c>Ada &lt;ada@example.com&gt;</c> fail).
    /// </summary>
    public void Email(string member, string? value)
    {
        if (value is not null && !EmailRegex.IsMatch(value))
        {
            Fail(member, "Invalid email");
        }
    }

    /// <summary>Checks <paramref name="value"/> as Zod 3's <c>z.string().uuid()</c> does (8-4-4-4-12 hex digits, nothing around them).</summary>
    public void Uuid(string member, string? value)
    {
        if (value is not null && !UuidRegex.IsMatch(value))
        {
            Fail(member, "Invalid uuid");
        }
    }

    /// <summary>Checks <paramref name="value"/> as Zod 3's <c>z.string().date()</c> does: <c>YYYY-MM-DD</c>, a real calendar date.</summary>
    public void IsoDate(string member, string? value)
    {
        if (value is not null && !DateRegex.IsMatch(value))
        {
            Fail(member, "Invalid date");
        }
    }

    /// <summary>
    /// Checks <paramref name="value"/> as Zod 3's <c>z.string().time({ precision })</c> does: <c>HH:MM[:SS[.fraction]]</c>
    /// (no zone); with a precision, exactly that many fraction digits (seconds required when it is above 0).
    /// </summary>
    public void Time(string member, string? value, int? precision = null)
    {
        if (value is null)
        {
            return;
        }

        string seconds = precision switch
        {
            null => @"(:[0-5]\d(\.\d+)?)?",
            0 => @"(:[0-5]\d)?",
            int n => @"(:[0-5]\d\.\d{" + n.ToString(CultureInfo.InvariantCulture) + "})+",
        };
        if (!Regex.IsMatch(value, @"^([01]\d|2[0-3]):[0-5]\d" + seconds + @"(?!\n)$", RegexOptions.ECMAScript))
        {
            Fail(member, "Invalid time");
        }
    }

    /// <summary>Checks <paramref name="value"/> equals the literal <paramref name="expected"/> (ordinal), worded as Zod's <c>z.literal("...")</c>.</summary>
    public void Literal(string member, string? value, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (value is not null && !string.Equals(value, expected, StringComparison.Ordinal))
        {
            Fail(member, $"Invalid literal value, expected {ZodText.JsonString(expected)}");
        }
    }

    /// <summary>
    /// Checks a string's length in UTF-16 code units (JavaScript's <c>length</c>), worded as Zod's string checks:
    /// <c>String must contain at least 3 character(s)</c>, <c>... exactly 3 ...</c> when both bounds are equal.
    /// </summary>
    public void StringLength(string member, string? value, int? min, int? max) => Bounds(member, value?.Length, min, max, "String", "character(s)");

    /// <summary>Checks a list's count, worded as Zod's array checks: <c>Array must contain at most 10 element(s)</c>.</summary>
    public void Count(string member, int? count, int? min, int? max) => Bounds(member, count, min, max, "Array", "element(s)");

    /// <summary>Checks a string's length in UTF-16 code units, or a collection's count.</summary>
    public void Length(string member, int? length, int? min, int? max)
    {
        if (length is not { } n)
        {
            return;
        }

        if (min is { } lo && n < lo)
        {
            Fail(member, $"Must contain at least {lo} element(s) or character(s)");
        }

        if (max is { } hi && n > hi)
        {
            Fail(member, $"Must contain at most {hi} element(s) or character(s)");
        }
    }

    /// <summary>Checks that <paramref name="value"/> is one of <paramref name="allowed"/> (ordinal).</summary>
    public void OneOf(string member, string? value, params ReadOnlySpan<string> allowed)
    {
        if (value is null)
        {
            return;
        }

        foreach (string candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return;
            }
        }

        Fail(member, $"Invalid value '{value}', expected one of: {string.Join(", ", allowed.ToArray())}");
    }

    /// <summary>Validates a nested value under <paramref name="member"/>.</summary>
    public void Nested(string member, IValidatable? value)
    {
        if (value is null)
        {
            return;
        }

        ValidateAt(member, value);
    }

    /// <summary>Validates every element of a list under <paramref name="member"/>.</summary>
    public void Each<T>(string member, IReadOnlyList<T>? items)
        where T : IValidatable
    {
        if (items is null)
        {
            return;
        }

        (_path ??= []).Add(member);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is { } item)
            {
                ValidateAt(i, item);
            }
        }

        _path!.RemoveAt(_path.Count - 1);
    }

    /// <summary>Validates every value of a string-keyed dictionary under <paramref name="member"/>, each at its key.</summary>
    public void EachValue<T>(string member, IReadOnlyDictionary<string, T>? items)
        where T : IValidatable
    {
        if (items is null)
        {
            return;
        }

        (_path ??= []).Add(member);
        foreach ((string key, T item) in items)
        {
            if (item is not null)
            {
                ValidateAt(key, item);
            }
        }

        _path!.RemoveAt(_path.Count - 1);
    }

    /// <summary>Validates <paramref name="value"/> with <paramref name="segment"/> (a member name or an index) appended to the path.</summary>
    private void ValidateAt(object segment, IValidatable value)
    {
        (_path ??= []).Add(segment);
        value.Validate(this);
        _path!.RemoveAt(_path.Count - 1);
    }

    internal static string FormatPath(IReadOnlyList<object> path)
    {
        var text = new StringBuilder();
        foreach (object segment in path)
        {
            if (segment is int index)
            {
                text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment);
            }
        }

        return text.ToString();
    }

    /// <summary>Writes segments as a System.Text.Json path (<c>$.items[0].sku</c>, <c>$['a b']</c>), the inverse of <see cref="ParseJsonPath"/>.</summary>
    internal static string FormatJsonPath(IReadOnlyList<object> path)
    {
        var text = new StringBuilder("$");
        foreach (object segment in path)
        {
            if (segment is int index)
            {
                text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (segment.ToString() is { } name && name.AsSpan().IndexOfAny(".[]' ") < 0)
            {
                text.Append('.').Append(name);
            }
            else
            {
                text.Append("['").Append(segment).Append("']");
            }
        }

        return text.ToString();
    }

    /// <summary>Turns a System.Text.Json path such as <c>$.items[0].sku</c> or <c>$['a b']</c> into segments.</summary>
    internal static IReadOnlyList<object> ParseJsonPath(string? jsonPath)
    {
        var segments = new List<object>();
        if (string.IsNullOrEmpty(jsonPath))
        {
            return segments;
        }

        int i = jsonPath.StartsWith('$') ? 1 : 0;
        while (i < jsonPath.Length)
        {
            char c = jsonPath[i];
            if (c == '.')
            {
                int end = i + 1;
                while (end < jsonPath.Length && jsonPath[end] != '.' && jsonPath[end] != '[')
                {
                    end++;
                }

                segments.Add(jsonPath[(i + 1)..end]);
                i = end;
            }
            else if (c == '[')
            {
                int close = jsonPath.IndexOf(']', i);
                if (close < 0)
                {
                    break;
                }

                string inner = jsonPath[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] == '\'')
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    segments.Add(index);
                }
                else
                {
                    segments.Add(inner);
                }

                i = close + 1;
            }
            else
            {
                i++;
            }
        }

        return segments;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private void Bounds(string member, int? length, int? min, int? max, string what, string unit)
    {
        if (length is not { } n)
        {
            return;
        }

        if (min is { } lo && max == lo && n != lo)
        {
            Fail(member, $"{what} must contain exactly {lo} {unit}");
            return;
        }

        if (min is { } low && n < low)
        {
            Fail(member, $"{what} must contain at least {low} {unit}");
        }

        if (max is { } high && n > high)
        {
            Fail(member, $"{what} must contain at most {high} {unit}");
        }
    }

    private void Add(string? member, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = new List<object>((_path?.Count ?? 0) + 1);
        if (_path is not null)
        {
            path.AddRange(_path);
        }

        if (member is not null)
        {
            path.Add(member);
        }

        (_issues ??= []).Add(new ValidationIssue(path, message));
    }
}
