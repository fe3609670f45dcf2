using System.Runtime.CompilerServices;
using System.Text;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Finds keys under a prefix with <c>SCAN … MATCH</c> on every primary (never <c>KEYS</c>, which blocks Redis for the
/// whole keyspace), the prefix escaped so that glob characters in it (<c>*?[]\</c>) match only themselves.
/// </summary>
internal static class KeyScan
{
    private const int PageSize = 500;

    /// <summary>
    /// The keys that start with <paramref name="literalPrefix"/> in the database of <paramref name="db"/>; a key may
    /// come twice (SCAN's rule), so callers dedupe.
    /// </summary>
    public static async IAsyncEnumerable<string> KeysAsync(
        IConnectionMultiplexer connection, IDatabase db, string literalPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IServer[] primaries = [.. connection.GetServers().Where(s => !s.IsReplica)];
        if (primaries.Length == 0 || !primaries.Any(s => s.IsConnected))
        {
            throw new ClamatorTransportException(
                ClamatorTransportErrorKind.ConnectionFailed,
                $"No Redis primary is connected (endpoints: {string.Join(", ", connection.GetEndPoints().Select(e => e.ToString()))}).");
        }

        string pattern = Escape(literalPrefix) + "*";
        foreach (IServer server in primaries)
        {
            await foreach (RedisKey key in server.KeysAsync(db.Database, pattern, PageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return key!;
            }
        }
    }

    /// <summary><paramref name="literal"/> as a glob pattern that matches only itself.</summary>
    public static string Escape(string literal)
    {
        var pattern = new StringBuilder(literal.Length + 8);
        foreach (char c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.ToString();
    }
}
