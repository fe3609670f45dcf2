using System.Globalization;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>Parses <c>redis://[user:password@]host[:port][/db]</c> and <c>rediss://</c> (TLS) URLs.</summary>
public static class RedisUrl
{
    /// <summary>The URL used when none is configured: <c>$REDIS_URL</c>, else <c>redis://localhost:6379</c>.</summary>
    public static string Default => Environment.GetEnvironmentVariable("REDIS_URL") is { Length: > 0 } url ? url : "redis://localhost:6379";

    /// <summary>Turns a URL into StackExchange.Redis configuration.</summary>
    /// <exception cref="ArgumentException">The URL is not a valid redis URL.</exception>
    public static ConfigurationOptions Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"Invalid Redis URL '{Redact(url)}': expected redis://[user:password@]host[:port][/db] or rediss://...", nameof(url));
        }

        var options = new ConfigurationOptions
        {
            Ssl = uri.Scheme == "rediss",
            AbortOnConnectFail = false,
        };
        if (uri.Scheme == "rediss")
        {
            options.SslHost = uri.Host;
        }

        options.EndPoints.Add(uri.Host.Trim('[', ']'), uri.IsDefaultPort ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            string user = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                options.User = user.Length > 0 ? user : null;
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                // redis://secret@host is the common shorthand for a password alone.
                options.Password = user;
            }
        }

        string path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out int db))
            {
                throw new ArgumentException($"Invalid Redis URL '{Redact(url)}': the path must be a database number.", nameof(url));
            }

            options.DefaultDatabase = db;
        }

        return options;
    }

    /// <summary>The URL with its password replaced by <c>***</c> (the user stays), for logs and messages.</summary>
    internal static string Redact(string url)
    {
        int at = url.IndexOf('@', StringComparison.Ordinal);
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme)
        {
            return url;
        }

        int colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at
            ? string.Concat(url.AsSpan(0, colon + 1), "***", url.AsSpan(at))
            : string.Concat(url.AsSpan(0, scheme + 3), "***", url.AsSpan(at));
    }
}
