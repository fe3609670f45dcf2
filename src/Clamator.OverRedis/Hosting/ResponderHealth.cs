namespace Clamator.OverRedis;

/// <summary>The health check's rule for a client's services without responders: Degraded, naming them, with the names in the data.</summary>
internal static class ResponderHealth
{
    /// <summary>The data key of a backend's services without responders: <c>&lt;backend&gt;.servicesWithoutResponders</c>.</summary>
    public static string DataKey(string label) => label + ".servicesWithoutResponders";

    /// <summary>
    /// The Degraded reason when <paramref name="services"/> is not empty (and the names put into
    /// <paramref name="data"/>); otherwise <see langword="null"/>.
    /// </summary>
    public static string? Check(string label, IReadOnlyCollection<string> services, IDictionary<string, object> data)
    {
        if (services.Count == 0)
        {
            return null;
        }

        string[] names = [.. services.Order(StringComparer.Ordinal)];
        data[DataKey(label)] = names;
        return $"Clamator backend '{label}': no live server serves {string.Join(", ", names)}; calls to {(names.Length == 1 ? "it" : "them")} fail at once " +
            $"(no responders).";
    }
}
