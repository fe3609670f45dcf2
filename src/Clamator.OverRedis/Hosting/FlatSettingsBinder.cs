using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace Clamator.OverRedis;

/// <summary>
/// Binds the settable settings (text, numbers, flags, durations) of an options object from one flat configuration section,
/// key = property name (<c>Clamator:MaxConcurrency</c>). Members only code can give (a shared connection, a logger factory,
/// a clock: <c>init</c>-only or of other types) are left alone. The configuration-binding generator cannot be used here: it
/// walks into those members' types (StackExchange.Redis' ConfigurationOptions, IConnectionMultiplexer) and emits code for them.
/// </summary>
internal static class FlatSettingsBinder
{
    public static void Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfiguration section, T target)
        where T : class
    {
        foreach (PropertyInfo property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (IsSettable(property) && section[property.Name] is { } text)
            {
                property.SetValue(target, Parse(text, property.PropertyType, section, property.Name));
            }
        }
    }

    /// <summary>Whether configuration sets this property: a public, not init-only setter of a type <see cref="Parse"/> reads.</summary>
    public static bool IsSettable(PropertyInfo property) =>
        property.SetMethod is { IsPublic: true } setter
        && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit))
        && property.GetIndexParameters().Length == 0
        && (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) is var type
        && (type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(bool) || type == typeof(TimeSpan));

    private static object? Parse(string text, Type propertyType, IConfiguration section, string name)
    {
        if (propertyType == typeof(string))
        {
            return text;
        }

        Type? underlying = Nullable.GetUnderlyingType(propertyType);
        if (underlying is not null && text.Length == 0)
        {
            return null;
        }

        Type type = underlying ?? propertyType;
        try
        {
            return type == typeof(int) ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : type == typeof(long) ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : type == typeof(bool) ? bool.Parse(text)
                : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException ex)
        {
            throw Failed(section, name, type, ex);
        }
        catch (OverflowException ex)
        {
            throw Failed(section, name, type, ex);
        }
    }

    private static InvalidOperationException Failed(IConfiguration section, string name, Type type, Exception inner)
    {
        string key = section is IConfigurationSection { Path: { Length: > 0 } path } ? $"{path}:{name}" : name;
        return new InvalidOperationException($"Failed to convert configuration value at '{key}' to type '{type}'.", inner);
    }
}
