namespace Clamator.Hosting;

/// <summary>The transport a backend runs on.</summary>
internal enum BackendTransport
{
    /// <summary>Neither <c>UseRedis</c> nor <c>UseMemory</c> was called yet.</summary>
    None,

    /// <summary>Redis Streams.</summary>
    Redis,

    /// <summary>A <c>MemoryBus</c> of the backend's own.</summary>
    Memory,
}
