using System.Net;
using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// A dedicated connection that runs one blocking command at a time on the primary that owns its stream. After a
/// failed command (a cut connection, <c>MOVED</c> after a slot moved, a failover) the next one first finds which
/// primary owns the key now and reconnects there when it changed. Disposing it aborts a blocked command at once (stop does
/// not wait for the block time).
/// </summary>
internal sealed class BlockingReader : IAsyncDisposable
{
    private readonly Func<EndPoint, Task<ConnectionMultiplexer>> _connect;
    private readonly IDatabase _shared;
    private readonly RedisKey _key;
    private readonly Lock _gate = new();
    private ConnectionMultiplexer? _connection;
    private EndPoint? _endPoint;
    private bool _stale = true;
    private bool _disposed;

    /// <param name="shared">The shared connection, asked which primary owns <paramref name="key"/>.</param>
    /// <param name="key">The stream this reader reads.</param>
    /// <param name="connect">Opens a single-socket connection to one endpoint.</param>
    public BlockingReader(IDatabase shared, RedisKey key, Func<EndPoint, Task<ConnectionMultiplexer>> connect)
    {
        _shared = shared;
        _key = key;
        _connect = connect;
    }

    /// <summary>Where the reader is connected (or connecting) now; <see langword="null"/> before the first command.</summary>
    public EndPoint? EndPoint => Volatile.Read(ref _endPoint);

    /// <summary>Connects to the key's owner; a failure here is the caller's (start fails).</summary>
    public Task ConnectAsync() => ConnectionAsync();

    public async Task<RedisResult> ExecuteAsync(string command, object[] arguments)
    {
        // Connected and not stale (every read but the first after a failure): no task to wait for.
        IDatabase database = Current() ?? await ConnectionAsync().ConfigureAwait(false);
        try
        {
            return await database.ExecuteAsync(command, arguments).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _stale, true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ConnectionMultiplexer? connection;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await CloseAsync(connection).ConfigureAwait(false);
        }
    }

    private static async Task CloseAsync(ConnectionMultiplexer connection)
    {
        await connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        connection.Dispose();
    }

    /// <summary>
    /// The primary that serves the key: on a single primary (standalone, or Sentinel's current one) that one, no
    /// round trip; on a cluster the node that answers <c>EXISTS key</c> sent through the shared multiplexer, which
    /// follows <c>MOVED</c>/<c>ASK</c> and so also refreshes its slot map.
    /// </summary>
    private async Task<EndPoint> OwnerAsync()
    {
        IServer[] servers = _shared.Multiplexer.GetServers();
        if (!servers.Any(s => s.ServerType == ServerType.Cluster) && servers.Where(s => s.IsConnected && !s.IsReplica).ToArray() is [IServer primary])
        {
            return primary.EndPoint;
        }

        return await _shared.IdentifyEndpointAsync(_key, CommandFlags.DemandMaster).ConfigureAwait(false)
            ?? throw new RedisConnectionException(
                ConnectionFailureType.UnableToResolvePhysicalConnection, CommandFlags.DemandMaster, $"No primary serves {_key}.", null, CommandStatus.Unknown);
    }

    private IDatabase? Current()
    {
        lock (_gate)
        {
            return _connection is { } current && !_stale && !_disposed ? current.GetDatabase() : null;
        }
    }

    private async Task<IDatabase> ConnectionAsync()
    {
        ConnectionMultiplexer? current;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            current = _connection;
            if (current is not null && !_stale)
            {
                return current.GetDatabase();
            }
        }

        EndPoint owner = await OwnerAsync().ConfigureAwait(false);
        if (current is not null && owner.Equals(Volatile.Read(ref _endPoint)))
        {
            // Same owner: the connection reconnects by itself if it was cut.
            Volatile.Write(ref _stale, false);
            return current.GetDatabase();
        }

        ConnectionMultiplexer replacement = await _connect(owner).ConfigureAwait(false);
        ConnectionMultiplexer? replaced;
        lock (_gate)
        {
            if (_disposed)
            {
                replaced = replacement;
                replacement = null!;
            }
            else
            {
                replaced = _connection;
                _connection = replacement;
                _endPoint = owner;
                _stale = false;
            }
        }

        if (replaced is not null)
        {
            await CloseAsync(replaced).ConfigureAwait(false);
        }

        ObjectDisposedException.ThrowIf(replacement is null, this);
        return replacement.GetDatabase();
    }
}
