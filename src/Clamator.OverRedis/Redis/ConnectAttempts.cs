using StackExchange.Redis;

namespace Clamator.OverRedis;

/// <summary>
/// Watches the physical connection attempts of a multiplexer being created
/// (<see cref="ConfigurationOptions.ConnectionAttemptCompleted"/>): <see cref="AllFailed"/> completes as soon as every
/// configured endpoint has failed an interactive attempt (refused, not found, credentials refused) with none having
/// succeeded, so a start fails when the OS or Redis says why instead of after StackExchange.Redis's connect timeout.
/// </summary>
internal sealed class ConnectAttempts
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _configured;
    private readonly HashSet<string> _failed = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _allFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionAttemptCompletedEventArgs? _lastFailure;
    private bool _succeeded;

    public ConnectAttempts(EndPointCollection endPoints) =>
        _configured = new HashSet<string>(endPoints.Select(ConnectFailures.Format), StringComparer.OrdinalIgnoreCase);

    /// <summary>Completes when every configured endpoint failed and none succeeded.</summary>
    public Task AllFailed => _allFailed.Task;

    /// <summary>The latest failed attempt, if any.</summary>
    public ConnectionAttemptCompletedEventArgs? LastFailure
    {
        get
        {
            lock (_gate)
            {
                return _lastFailure;
            }
        }
    }

    public void OnCompleted(object? sender, ConnectionAttemptCompletedEventArgs e)
    {
        // An attempt StackExchange.Redis abandons to retry at once ("The connection attempt was abandoned so that it could be
        // retried", ConnectionDisposed) says nothing about Redis: only the attempts after it count (seen on a full test run).
        if (e.ConnectionType != ConnectionType.Interactive || e.FailureType == ConnectionFailureType.ConnectionDisposed)
        {
            return;
        }

        lock (_gate)
        {
            if (e.IsSuccess)
            {
                _succeeded = true;
                return;
            }

            if (_lastFailure is null || e.SequenceNumber > _lastFailure.SequenceNumber)
            {
                _lastFailure = e;
            }

            _failed.Add(ConnectFailures.Format(e.EndPoint));
            if (!_succeeded && _configured.IsSubsetOf(_failed))
            {
                _allFailed.TrySetResult();
            }
        }
    }
}
