// Interop driver: serves `arith`, `notifications` and `kitchen` over Redis, configured like the other languages' drivers.
//   REDIS_URL, KEY_PREFIX (default "clamator"), INSTANCE_ID, CONSUMER_CLAIM_IDLE_MS, MAX_CONCURRENCY,
//   MAX_DELIVERIES, CONSUMER_PRUNE_IDLE_MS, PRESENCE_TIMEOUT_MS
// Prints READY on stdout once serving, "NOTIFY notifications.ping <params json>" for each ping and
// "NOTIFY kitchen.reset {}" for each reset;
// on SIGTERM/SIGINT drains, prints HANDLED:<n> (handler invocations) on stderr and exits 0.
// When it cannot start (Redis unreachable, credentials refused) it prints "Arith.Server: <one line>" on stderr and exits 1.
// CLAMATOR_TRACE_HANDLERS=1 also prints "START <method>" on stdout as each arith handler begins (tests use it).
// CLAMATOR_LISTEN=1 listens to every Clamator span and instrument (as an OpenTelemetry SDK would; the bench uses it).
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Arith;
using Clamator.OverRedis;

string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
using TelemetryListeners? listeners = TelemetryListeners.FromEnvironment();

var options = new RedisRpcServerOptions
{
    Url = Env("REDIS_URL") ?? RedisUrl.Default,
    KeyPrefix = Env("KEY_PREFIX") ?? "clamator",
    InstanceId = Env("INSTANCE_ID") ?? Guid.NewGuid().ToString("D"),
    ConsumerClaimIdle = Env("CONSUMER_CLAIM_IDLE_MS") is { } idle ? TimeSpan.FromMilliseconds(double.Parse(idle, CultureInfo.InvariantCulture))
    : TimeSpan.FromSeconds(60),
    MaxConcurrency = Env("MAX_CONCURRENCY") is { } max ? int.Parse(max, CultureInfo.InvariantCulture) : 1,
    MaxDeliveries = Env("MAX_DELIVERIES") is { } deliveries ? int.Parse(deliveries, CultureInfo.InvariantCulture) : 5,
    ConsumerPruneIdle = Env("CONSUMER_PRUNE_IDLE_MS") is { } prune ? TimeSpan.FromMilliseconds(double.Parse(prune, CultureInfo.InvariantCulture))
    : TimeSpan.FromHours(1),
    PresenceTimeout = Env("PRESENCE_TIMEOUT_MS") is { } presence ? TimeSpan.FromMilliseconds(double.Parse(presence, CultureInfo.InvariantCulture))
    : TimeSpan.FromSeconds(15),
};

var arith = new TracingArithService(new ArithService(), trace: Env("CLAMATOR_TRACE_HANDLERS") == "1");
var notifications = new NotificationsService();
long pings = 0;
var stdout = Console.Out;
notifications.Pinged += p =>
{
    Interlocked.Increment(ref pings);
    string line = "NOTIFY notifications.ping " + JsonSerializer.Serialize(p, NotificationsContract.Ping.Params);
    lock (stdout)
    {
        stdout.WriteLine(line);
        stdout.Flush();
    }
};

var kitchen = new KitchenService();
kitchen.ResetRequested += () =>
{
    lock (stdout)
    {
        stdout.WriteLine("NOTIFY kitchen.reset {}");
        stdout.Flush();
    }
};

await using var server = new RedisRpcServer(options);
server.RegisterService(ArithContract.Contract, arith);
server.RegisterService(NotificationsContract.Contract, notifications);
server.RegisterService(KitchenContract.Contract, kitchen);

var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stopRequested.TrySetResult();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

try
{
    await server.StartAsync();
}
catch (Clamator.ClamatorTransportException ex)
{
    // One line saying what failed and what to check (the detail is the inner exception), not a crash dump.
    Console.Error.WriteLine($"Arith.Server: {ex.Message}");
    return 1;
}

lock (stdout)
{
    stdout.WriteLine("READY");
    stdout.Flush();
}

await stopRequested.Task;
await server.StopAsync();
Console.Error.WriteLine($"HANDLED:{arith.Handled + Interlocked.Read(ref pings) + kitchen.Handled}");
return 0;
