using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Arith;
using Clamator.OverRedis;
using Xunit;
using Xunit.Abstractions;

namespace Clamator.Tests;

/// <summary>
/// samples/Worker and samples/WebApi as built and run by a person, against a redis-server of the test's own (never skipped:
/// without redis-server installed, the test fails saying so). Readiness is awaited on the programs' own log lines.
/// </summary>
public sealed partial class SamplesTests(ITestOutputHelper output)
{
    private static string Worker => ProgramRun.Dll(Path.Combine("samples", "Worker"), "Worker");

    private static string WebApi => ProgramRun.Dll(Path.Combine("samples", "WebApi"), "WebApi");

    [Fact]
    public async Task The_web_api_adds_through_the_worker_in_one_trace_across_redis()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        string[] settings = [$"--Clamator:Url={redis.Url}", $"--Clamator:KeyPrefix=samples-{Guid.NewGuid():N}"];

        await using RunningProgram worker = RunningProgram.Start(Worker, settings);
        await worker.WaitForLineAsync(l => l.Contains("server started", StringComparison.Ordinal), "its 'server started' log line");
        await using RunningProgram webApi = RunningProgram.Start(WebApi, [.. settings, "--urls", "http://127.0.0.1:0"]);
        using HttpClient http = new() { BaseAddress = await ListeningAddressAsync(webApi), Timeout = TimeSpan.FromSeconds(60) };

        (HttpStatusCode addStatus, string sum) = await GetAsync(http, "/add?a=1&b=2");
        (HttpStatusCode healthStatus, string health) = await GetAsync(http, "/health");

        Assert.True(addStatus == HttpStatusCode.OK, $"GET /add answered {addStatus}: {sum}\n{webApi.Describe()}\n{worker.Describe()}");
        Assert.Equal("""{"sum":3}""", sum);
        Assert.True(healthStatus == HttpStatusCode.OK && health == "Healthy", $"GET /health answered {healthStatus}: {health}\n{webApi.Describe()}");

        // The console exporter prints a span when it ends: the HTTP server span after its response, the worker's server
        // span after its reply. Each block's Activity.Kind line comes after its ids and name.
        await webApi.WaitForLineAsync(
            l => l.StartsWith("Activity.Kind:", StringComparison.Ordinal) && l.EndsWith("Client", StringComparison.Ordinal), "the Client span");
        await webApi.WaitForLineAsync(
            l => l.StartsWith("Activity.Kind:", StringComparison.Ordinal) && l.EndsWith("Server", StringComparison.Ordinal), "the HTTP server span");
        await worker.WaitForLineAsync(
            l => l.StartsWith("Activity.Kind:", StringComparison.Ordinal) && l.EndsWith("Server", StringComparison.Ordinal), "the Server span");
        Span request = Single(webApi, "GET /add", "Server");
        Span client = Single(webApi, "arith.add", "Client");
        Span server = Single(worker, "arith.add", "Server");
        foreach (Span span in new[] { request, client, server })
        {
            output.WriteLine(span.ToString());
        }

        Assert.Equal(request.TraceId, client.TraceId);
        Assert.Equal(request.SpanId, client.ParentSpanId);
        Assert.Equal(client.TraceId, server.TraceId);
        Assert.Equal(client.SpanId, server.ParentSpanId);

        // Ctrl+C (SIGTERM) stops both cleanly: the worker drains and the web API's client stops after it.
        Assert.True(await webApi.TerminateAsync() == 0, $"WebApi did not exit 0 on SIGTERM.\n{webApi.Describe()}");
        Assert.True(await worker.TerminateAsync() == 0, $"Worker did not exit 0 on SIGTERM.\n{worker.Describe()}");
    }

    [Fact]
    public async Task The_web_api_maps_a_bad_query_to_400_and_a_json_rpc_error_to_502()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        string prefix = $"samples-{Guid.NewGuid():N}";
        await using var failing = new RedisRpcServer(new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = prefix });
        failing.RegisterService(ArithContract.Contract, new FailingArithService());
        await failing.StartAsync();
        await using RunningProgram webApi = RunningProgram.Start(
            WebApi, [$"--Clamator:Url={redis.Url}", $"--Clamator:KeyPrefix={prefix}", "--urls", "http://127.0.0.1:0"]);
        using HttpClient http = new() { BaseAddress = await ListeningAddressAsync(webApi), Timeout = TimeSpan.FromSeconds(60) };

        (HttpStatusCode unbound, string unboundBody) = await GetAsync(http, "/add?a=one&b=2");
        (HttpStatusCode notFinite, string notFiniteBody) = await GetAsync(http, "/add?a=NaN&b=2");
        (HttpStatusCode rpcError, string rpcErrorBody) = await GetAsync(http, "/add?a=1&b=2");

        Assert.Equal(HttpStatusCode.BadRequest, unbound);
        Assert.Equal(400, JsonDocument.Parse(unboundBody).RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, notFinite);
        Assert.Equal("a and b must be finite numbers.", JsonDocument.Parse(notFiniteBody).RootElement.GetProperty("detail").GetString());
        Assert.True(rpcError == HttpStatusCode.BadGateway, $"GET /add answered {rpcError}: {rpcErrorBody}\n{webApi.Describe()}");
        JsonElement error = JsonDocument.Parse(rpcErrorBody).RootElement.GetProperty("error");
        Assert.Equal(FailingArithService.Code, error.GetProperty("code").GetInt32());
        Assert.Equal(FailingArithService.Message, error.GetProperty("message").GetString());
        await failing.StopAsync();
    }

    [Fact]
    public async Task The_web_api_maps_a_call_no_worker_answers_to_504()
    {
        await using RedisServerProcess redis = await RedisServerProcess.StartAsync();
        string prefix = $"samples-{Guid.NewGuid():N}";

        // A worker that has made its group and never reads (hung): the call is sent and nobody answers it. (With no group at
        // all, the call fails at once as no responders: docs/protocol.md §7.8.)
        await using (var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}"))
        {
            await connection.GetDatabase().ExecuteAsync("XGROUP", "CREATE", $"{prefix}:cmds:arith", "arith", "$", "MKSTREAM");
        }

        await using RunningProgram webApi = RunningProgram.Start(
            WebApi,
            [$"--Clamator:Url={redis.Url}", $"--Clamator:KeyPrefix={prefix}", "--Clamator:DefaultTimeout=00:00:00.5", "--urls", "http://127.0.0.1:0"]);
        using HttpClient http = new() { BaseAddress = await ListeningAddressAsync(webApi), Timeout = TimeSpan.FromSeconds(60) };

        (HttpStatusCode status, string body) = await GetAsync(http, "/add?a=1&b=2");

        Assert.True(status == HttpStatusCode.GatewayTimeout, $"GET /add answered {status}: {body}\n{webApi.Describe()}");
        Assert.Equal("No arith worker answered in time.", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.Equal("Timeout", JsonDocument.Parse(body).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_worker_started_before_redis_keeps_running_and_serves_once_redis_comes_up()
    {
        int port = RedisServerProcess.FreePort();
        string prefix = $"samples-{Guid.NewGuid():N}";
        await using RunningProgram worker = RunningProgram.Start(Worker, [$"--Clamator:Url=redis://127.0.0.1:{port}", $"--Clamator:KeyPrefix={prefix}"]);
        await worker.WaitForLineAsync(l => l.Contains("cannot reach Redis yet", StringComparison.Ordinal), "its 'cannot reach Redis yet' log line");
        Assert.False(worker.HasExited, worker.Describe());

        await using RedisServerProcess redis = await RedisServerProcess.StartAsync(port);
        await worker.WaitForLineAsync(l => l.Contains("Redis server started", StringComparison.Ordinal), "its 'Redis server started' log line");
        await using var client = new RedisRpcClient(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = prefix });
        await client.StartAsync();

        Assert.Equal(3, (await client.CallAsync(ArithContract.Add, new AddParams { A = 1, B = 2 })).Sum);
        Assert.True(await worker.TerminateAsync() == 0, $"Worker did not exit 0 on SIGTERM.\n{worker.Describe()}");
    }

    [Fact]
    public async Task The_web_api_started_without_redis_answers_503_with_a_short_problem_and_an_unhealthy_health()
    {
        int port = RedisServerProcess.FreePort();
        await using RunningProgram webApi = RunningProgram.Start(
            WebApi, [$"--Clamator:Url=redis://127.0.0.1:{port}", $"--Clamator:KeyPrefix=samples-{Guid.NewGuid():N}", "--urls", "http://127.0.0.1:0"]);
        using HttpClient http = new() { BaseAddress = await ListeningAddressAsync(webApi), Timeout = TimeSpan.FromSeconds(60) };

        (HttpStatusCode status, string body) = await GetAsync(http, "/add?a=1&b=2");
        (HttpStatusCode healthStatus, string health) = await GetAsync(http, "/health");

        Assert.True(status == HttpStatusCode.ServiceUnavailable, $"GET /add answered {status}: {body}\n{webApi.Describe()}");
        JsonElement problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("The arith service is unavailable: its message broker cannot be reached.", problem.GetProperty("detail").GetString());
        Assert.Equal("ConnectionFailed", problem.GetProperty("kind").GetString());
        Assert.DoesNotContain("StackExchange", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Equal("Unhealthy", health);
    }

    /// <summary>Where Kestrel listens, from its "Now listening on:" line (the web API is started on port 0).</summary>
    private static async Task<Uri> ListeningAddressAsync(RunningProgram webApi)
    {
        string line = await webApi.WaitForLineAsync(l => l.Contains("Now listening on: ", StringComparison.Ordinal), "its 'Now listening on:' log line");
        return new Uri(line[(line.IndexOf("Now listening on: ", StringComparison.Ordinal) + "Now listening on: ".Length)..].Trim());
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The one span named <paramref name="name"/> of kind <paramref name="kind"/> in the program's console exporter output.</summary>
    private static Span Single(RunningProgram program, string name, string kind)
    {
        List<Span> spans = [.. Spans(program.Lines).Where(s => s.DisplayName == name && s.Kind == kind)];
        return spans.Count == 1
            ? spans[0]
            : throw new InvalidOperationException($"Expected one {kind} span '{name}', found {spans.Count}.\n{program.Describe()}");
    }

    /// <summary>
    /// The spans of the OpenTelemetry console exporter's text: a block starts at its <c>Activity.TraceId:</c> line and
    /// ends at its <c>Activity.Kind:</c> line. Log lines the console logger writes in between are skipped.
    /// </summary>
    private static IEnumerable<Span> Spans(IEnumerable<string> lines)
    {
        Dictionary<string, string>? fields = null;
        foreach (string line in lines)
        {
            Match match = ActivityField().Match(line);
            if (!match.Success)
            {
                continue;
            }

            string key = match.Groups["key"].Value;
            if (key == "TraceId")
            {
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            if (fields is null)
            {
                continue;
            }

            fields[key] = match.Groups["value"].Value;
            if (key == "Kind")
            {
                yield return new Span(
                    fields["DisplayName"],
                    fields["Kind"],
                    fields["TraceId"],
                    fields["SpanId"],
                    fields.GetValueOrDefault("ParentSpanId"));
                fields = null;
            }
        }
    }

    [GeneratedRegex(@"^Activity\.(?<key>TraceId|SpanId|ParentSpanId|DisplayName|Kind):\s+(?<value>.+?)\s*$")]
    private static partial Regex ActivityField();

    /// <summary>An arith service whose add answers a JSON-RPC error.</summary>
    private sealed class FailingArithService : IArithService
    {
        public const int Code = 4001;
        public const string Message = "adding is off today";

        public Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken) => throw new RpcException(Code, Message);

        public Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed record Span(string DisplayName, string Kind, string TraceId, string SpanId, string? ParentSpanId)
    {
        public override string ToString() =>
            $"{DisplayName} ({Kind}): TraceId {TraceId}, SpanId {SpanId}, ParentSpanId {ParentSpanId ?? "(none)"}";
    }
}
