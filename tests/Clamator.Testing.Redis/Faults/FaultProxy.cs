using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clamator.Tests;

/// <summary>
/// A loopback TCP proxy in front of a redis-server that can, once, hold a command or cut the connection carrying
/// it right after Redis executed it (its answer never reaches the client). Review helper.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _redisPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Lock _gate = new();
    private Rule? _rule;

    private FaultProxy(int redisPort)
    {
        _redisPort = redisPort;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"redis://127.0.0.1:{Port}";

    public static FaultProxy Start(int redisPort) => new(redisPort);

    /// <summary>
    /// The next command whose bytes contain <paramref name="pattern"/> is forwarded; answers on that connection are
    /// swallowed from then on; once <paramref name="landed"/> says Redis executed it, the connection is cut.
    /// </summary>
    public Task CutAfterAsync(string pattern, Func<Task<bool>> landed)
    {
        var rule = new Rule(pattern, RuleKind.CutAfter, landed);
        lock (_gate)
        {
            _rule = rule;
        }

        return rule.Fired.Task;
    }

    /// <summary>The next command containing <paramref name="pattern"/> is held (not forwarded) until the returned release is called.</summary>
    public (Task Held, Action Release) Hold(string pattern)
    {
        var rule = new Rule(pattern, RuleKind.Hold, null);
        lock (_gate)
        {
            _rule = rule;
        }

        return (rule.Fired.Task, () => rule.Released.TrySetResult());
    }

    private Rule? Take(byte[] buffer, int count)
    {
        lock (_gate)
        {
            if (_rule is { } rule && Encoding.ASCII.GetString(buffer, 0, count).Contains(rule.Pattern, StringComparison.Ordinal))
            {
                _rule = null;
                return rule;
            }
        }

        return null;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _redisPort);
            }
            catch
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_gate)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            var link = new Link(client, server);
            _ = PumpUpAsync(link);
            _ = PumpDownAsync(link);
        }
    }

    /// <summary>Client to Redis.</summary>
    private async Task PumpUpAsync(Link link)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            NetworkStream from = link.Client.GetStream(), to = link.Server.GetStream();
            while (true)
            {
                int n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                Rule? rule = Take(buffer, n);
                if (rule is { Kind: RuleKind.Hold })
                {
                    rule.Fired.TrySetResult();
                    await rule.Released.Task;
                }
                else if (rule is { Kind: RuleKind.CutAfter })
                {
                    link.SwallowAnswers = true;
                }

                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                if (rule is { Kind: RuleKind.CutAfter })
                {
                    using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    while (!await rule.Landed!())
                    {
                        await Task.Delay(5, guard.Token);
                    }

                    link.Close();
                    rule.Fired.TrySetResult();
                    return;
                }
            }
        }
        catch
        {
        }

        link.Close();
    }

    /// <summary>Redis to client.</summary>
    private async Task PumpDownAsync(Link link)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            NetworkStream from = link.Server.GetStream(), to = link.Client.GetStream();
            while (true)
            {
                int n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }

                if (!link.SwallowAnswers)
                {
                    await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                }
            }
        }
        catch
        {
        }

        link.Close();
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_gate)
        {
            foreach (TcpClient socket in _sockets)
            {
                socket.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private enum RuleKind
    {
        CutAfter,
        Hold,
    }

    private sealed class Rule(string pattern, RuleKind kind, Func<Task<bool>>? landed)
    {
        public string Pattern { get; } = pattern;

        public RuleKind Kind { get; } = kind;

        public Func<Task<bool>>? Landed { get; } = landed;

        public TaskCompletionSource Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        public volatile bool SwallowAnswers;

        public void Close()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
