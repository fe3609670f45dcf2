using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// A dedicated connection that runs one blocking command at a time. Disposing it aborts a blocked
/// command at once (stop does not wait for the block time).
/// </summary>
internal sealed class BlockingReader(ConnectionMultiplexer multiplexer) : IAsyncDisposable
{
    private readonly IDatabase _database = multiplexer.GetDatabase();
    private int _disposed;

    public Task<RedisResult> ExecuteAsync(string command, object[] arguments) => _database.ExecuteAsync(command, arguments);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            multiplexer.Dispose();
        }
    }
}
