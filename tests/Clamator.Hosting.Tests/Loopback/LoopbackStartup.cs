using Clamator.Hosting;

namespace Clamator.Tests.Loopback;

/// <summary>A loopback server's start: it waits while the network is offline, as a Redis server waits for Redis.</summary>
internal sealed class LoopbackStartup : IStartupWait
{
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ClamatorTransportException? _lastFailure;

    public Task FirstAttempt => _firstAttempt.Task;

    public ClamatorTransportException? LastFailure => _lastFailure;

    public void Failed(ClamatorTransportException failure)
    {
        _lastFailure = failure;
        _firstAttempt.TrySetResult();
    }

    public void Started()
    {
        _lastFailure = null;
        _firstAttempt.TrySetResult();
    }
}
