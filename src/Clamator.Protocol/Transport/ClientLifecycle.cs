namespace Clamator.Transport;

/// <summary>
/// A client's states — created, starting, running, stopped — over its transport, and the errors of a client used out
/// of turn: one start (a failed start stops the client), one stop however many times it is asked for, one dispose.
/// The transport is started once, stopped once and disposed once, and sees calls only once its start has begun
/// (while it is starting, a transport not ready yet fails them with why).
/// </summary>
internal sealed class ClientLifecycle(IClientTransport transport)
{
    private const int Created = 0, Starting = 1, Running = 2, Stopped = 3;

    private readonly Lock _gate = new();
    private Task? _stopping;
    private int _state;
    private int _disposed;

    /// <summary>The error of a call made, or waiting, once the client has stopped.</summary>
    public static ClamatorTransportException StoppedError() =>
        new(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.StoppedMessage);

    /// <summary>Runs <paramref name="configure"/> if the client has not started (a start waits for it); false if it has.</summary>
    public bool TryConfigure(Action configure)
    {
        lock (_gate)
        {
            if (_state != Created)
            {
                return false;
            }

            configure();
            return true;
        }
    }

    /// <summary>Starts the transport, once; <paramref name="starting"/> runs as the client leaves the created state.</summary>
    /// <exception cref="InvalidOperationException">The client has started or stopped already.</exception>
    public async Task StartAsync(Action starting, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state != Created)
            {
                throw new InvalidOperationException(
                    _state is Starting or Running ? "The client has already started." : "The client has been stopped; create a new one.");
            }

            starting();
            _state = Starting;
        }

        try
        {
            await transport.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        lock (_gate)
        {
            if (_state != Starting)
            {
                throw StoppedError();
            }

            _state = Running;
        }
    }

    /// <summary>Throws for a call the transport must not see: the client has not started, or has stopped.</summary>
    public void ThrowIfNotRunning()
    {
        switch (Volatile.Read(ref _state))
        {
            case Created:
                throw new ClamatorTransportException(ClamatorTransportErrorKind.Stopped, ClamatorTransportException.NotStartedMessage);
            case Stopped:
                throw StoppedError();
        }
    }

    /// <summary>Stops the transport, once; every caller waits for that one stop (or its own token).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Task stopping;
        lock (_gate)
        {
            _state = Stopped;
            stopping = _stopping ??= StopTransportAsync();
        }

        return stopping.WaitAsync(cancellationToken);
    }

    /// <summary>Stops, then disposes the transport once; false when it was disposed already.</summary>
    public async ValueTask<bool> DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        await transport.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    private async Task StopTransportAsync() => await transport.StopAsync(CancellationToken.None).ConfigureAwait(false);
}
