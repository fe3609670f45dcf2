using System.Net;
using System.Net.Sockets;

namespace Clamator.Cli;

/// <summary>
/// Says why Redis cannot be reached: StackExchange.Redis reports refused, unresolvable and silent endpoints alike
/// (<c>UnableToConnect</c>, with no inner exception), so <c>clamator</c> opens one plain TCP connection to the endpoint
/// and reads the operating system's answer (<see cref="SocketError"/>).
/// </summary>
internal static class ConnectionProbe
{
    /// <summary>Connects to <paramref name="endPoint"/> and closes at once; never throws.</summary>
    public static async Task<ProbeOutcome> ProbeAsync(EndPoint endPoint, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, expiry.Token).ConfigureAwait(false);
            return ProbeOutcome.Accepted;
        }
        catch (OperationCanceledException)
        {
            return ProbeOutcome.TimedOut;
        }
        catch (SocketException e)
        {
            return Outcome(e.SocketErrorCode);
        }
    }

    /// <summary>The outcome of a failed connect.</summary>
    internal static ProbeOutcome Outcome(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ProbeOutcome.Refused,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => ProbeOutcome.HostNotFound,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown or SocketError.HostDown => ProbeOutcome.Unreachable,
        SocketError.TimedOut => ProbeOutcome.TimedOut,
        _ => ProbeOutcome.Failed,
    };
}
