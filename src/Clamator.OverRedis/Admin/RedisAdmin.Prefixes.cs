using System.Globalization;
using StackExchange.Redis;

namespace Clamator.OverRedis;

// RedisAdmin: the other deployments in the same database, for "nothing under this prefix; did you mean …".
public sealed partial class RedisAdmin
{
    /// <summary>How many keys <see cref="FindKeyPrefixesAsync"/> asks each <c>SCAN</c> to examine.</summary>
    private const int PrefixScanPage = 1000;

    /// <summary>
    /// The key prefixes of the deployments in this database, whatever <see cref="KeyPrefix"/> is: the part before
    /// <c>:cmds:</c> of keys <c>&lt;prefix&gt;:cmds:&lt;service&gt;</c> whose service is a valid name and that hold a
    /// stream, sorted. A bounded <c>SCAN … MATCH *:cmds:*</c> on every primary: it stops after examining about
    /// <paramref name="scanLimit"/> keys on each, so on a large database it may miss some. Reads key names and types only.
    /// </summary>
    /// <param name="scanLimit">The keys examined on each primary, at most (rounded up to a page of 1,000).</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scanLimit"/> is not positive.</exception>
    public async Task<IReadOnlyList<string>> FindKeyPrefixesAsync(int scanLimit = 100_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scanLimit, 0);
        var candidates = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (IServer server in _connection.GetServers().Where(s => !s.IsReplica && s.IsConnected))
        {
            string cursor = "0";
            for (int examined = 0; examined < scanLimit; examined += PrefixScanPage)
            {
                RedisResult reply = await server.ExecuteAsync(
                    _db.Database,
                    "SCAN",
                    [cursor, "MATCH", "*:cmds:*", "COUNT",
                    PrefixScanPage.ToString(CultureInfo.InvariantCulture)]).WaitAsync(cancellationToken).ConfigureAwait(false);
                RedisResult[] parts = (RedisResult[])reply!;
                foreach (string key in ((RedisResult[])parts[1]!).Select(k => (string)k!))
                {
                    int at = key.LastIndexOf(":cmds:", StringComparison.Ordinal);
                    string prefix = key[..at];
                    if (at > 0 && RpcNames.IsValidService(key.Substring(at + ":cmds:".Length)) && !candidates.ContainsKey(prefix))
                    {
                        candidates[prefix] = key;
                    }
                }

                cursor = (string)parts[0]!;
                if (cursor == "0")
                {
                    break;
                }
            }
        }

        // One key per prefix is enough to tell a deployment from a key that merely looks like one.
        string[] prefixes = [.. candidates.Keys];
        RedisType[] types = await Task.WhenAll(candidates.Values.Select(k => _db.KeyTypeAsync(k))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. prefixes.Where((_, i) => types[i] == RedisType.Stream)];
    }
}
