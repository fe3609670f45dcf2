// Interop driver: reads calls from stdin, runs them over Redis, prints one JSON line per call in input order.
//   stdin: [ {"method":"svc.m","params":{...},"timeoutMs":n,"notification":bool}, ... ]
//      or: {"calls":[...],"defaultTimeoutMs":n,"concurrent":bool}
//   stdout: {"result":<value>} | {"result":null,"notification":true}
//         | {"error":{"code":<int|null>,"message":"...","data":<value|null>,"class":"<exception type name>"[,"kind":"<ClamatorTransportErrorKind>"]}}
//           (kind, for a ClamatorTransportException only: Timeout, NoResponders, Lost, Stopped, ConnectionFailed, AuthenticationFailed, Refused)
//   env: REDIS_URL, KEY_PREFIX (default "clamator"), INSTANCE_ID
//   exit: 0; 1 with "Arith.Client: <one line>" on stderr when it cannot start (Redis unreachable, credentials refused)
using System.Text;
using System.Text.Json;
using Clamator;
using Clamator.OverRedis;
using Clamator.Transport;

string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

using JsonDocument input = JsonDocument.Parse(Console.OpenStandardInput());
JsonElement root = input.RootElement;
JsonElement calls = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("calls");
bool concurrent = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("concurrent", out JsonElement c) && c.GetBoolean();
TimeSpan? defaultTimeout = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("defaultTimeoutMs", out JsonElement d)
    ? TimeSpan.FromMilliseconds(d.GetDouble())
    : null;

await using var client = new RedisRpcClient(new RedisRpcClientOptions
{
    Url = Env("REDIS_URL") ?? RedisUrl.Default,
    KeyPrefix = Env("KEY_PREFIX") ?? "clamator",
    InstanceId = Env("INSTANCE_ID") ?? Guid.NewGuid().ToString("D"),
    DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(30),
});
try
{
    await client.StartAsync();
}
catch (ClamatorTransportException ex)
{
    // One line saying what failed and what to check (the detail is the inner exception), not a crash dump.
    Console.Error.WriteLine($"Arith.Client: {ex.Message}");
    return 1;
}

async Task<string> RunAsync(JsonElement call)
{
    try
    {
        string method = call.GetProperty("method").GetString()!;
        JsonElement parameters = call.TryGetProperty("params", out JsonElement p) ? p : default;
        if (call.TryGetProperty("notification", out JsonElement n) && n.GetBoolean())
        {
            await client.NotifyAsync(method, parameters);
            return """{"result":null,"notification":true}""";
        }

        TimeSpan? timeout = call.TryGetProperty("timeoutMs", out JsonElement t) ? TimeSpan.FromMilliseconds(t.GetDouble()) : null;
        JsonElement result = await client.CallAsync(method, parameters, timeout);
        return Write(w =>
        {
            w.WritePropertyName("result");
            result.WriteTo(w);
        });
    }
    catch (Exception ex)
    {
        return Write(w =>
        {
            w.WriteStartObject("error");
            if (ex is RpcException rpc)
            {
                w.WriteNumber("code", rpc.Code);
            }
            else
            {
                w.WriteNull("code");
            }

            w.WriteString("message", ex.Message);
            w.WritePropertyName("data");
            if (ex is RpcException { Data: { } data })
            {
                data.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteString("class", ex.GetType().Name);
            if (ex is ClamatorTransportException transport)
            {
                w.WriteString("kind", transport.Kind.ToString());
            }
            w.WriteEndObject();
        });
    }
}

static string Write(Action<Utf8JsonWriter> body)
{
    using var stream = new MemoryStream();
    using (var writer = new Utf8JsonWriter(stream, EnvelopeWriter.WriterOptions))
    {
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
    }

    return Encoding.UTF8.GetString(stream.ToArray());
}

var lines = new List<string>();
if (concurrent)
{
    lines.AddRange(await Task.WhenAll(calls.EnumerateArray().Select(RunAsync)));
}
else
{
    foreach (JsonElement call in calls.EnumerateArray())
    {
        lines.Add(await RunAsync(call));
    }
}

foreach (string line in lines)
{
    Console.WriteLine(line);
}

return 0;
