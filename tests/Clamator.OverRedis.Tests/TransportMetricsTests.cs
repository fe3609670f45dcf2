using Arith;
using Clamator.OverRedis;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The Redis transport's own instruments: reclaims, dead letters, loop restarts, and the backlog gauges.</summary>
[Collection(RedisCollection.Name)]
public sealed class TransportMetricsTests(RedisFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly TestHosts _hosts = new(redis.Url, "tm");
    private readonly TestMeterFactory _meters = new();

    private string CommandKey => $"{_hosts.Prefix}:cmds:arith";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();
        _meters.Dispose();
    }

    [Fact]
    public async Task Reclaimed_and_dead_lettered_entries_are_counted_per_service_and_reason()
    {
        using var reclaims = new MetricCollector<long>(_meters, ClamatorDiagnostics.MeterName, "clamator.server.reclaims");
        using var deadLetters = new MetricCollector<long>(_meters, ClamatorDiagnostics.MeterName, "clamator.server.dead_letters");

        // A crashed worker left two entries: one to reclaim and run, one delivered too often, to dead-letter.
        await AddAsync("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"orphan"}""");
        RedisValue poison = await AddAsync("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1,"b":1},"id":"poison"}""");
        await redis.Db.StreamCreateConsumerGroupAsync(CommandKey, "arith", "0");
        await redis.Db.StreamReadGroupAsync(CommandKey, "arith", "arith:crashed", ">", 10);
        await redis.Db.ExecuteAsync("XCLAIM", CommandKey, "arith", "arith:crashed", 0, poison, "RETRYCOUNT", 5);

        await _hosts.StartServerAsync(new ArithService(), Options(claimIdle: TimeSpan.FromMilliseconds(200)));

        await Eventually.UntilAsync(() => Task.FromResult(deadLetters.GetMeasurementSnapshot().Count == 1 && Sum(reclaims) == 2), Guard);
        CollectedMeasurement<long> deadLetter = Assert.Single(deadLetters.GetMeasurementSnapshot());
        Assert.Equal(1, deadLetter.Value);
        Assert.Equal("arith", deadLetter.Tags["rpc.service"]);
        Assert.Equal("max-deliveries", deadLetter.Tags["clamator.reason"]);
        Assert.All(reclaims.GetMeasurementSnapshot(), m => Assert.Equal("arith", m.Tags["rpc.service"]));
    }

    [Fact]
    public async Task Pending_and_lag_gauges_report_the_groups_backlog_as_last_observed()
    {
        using var pending = new MetricCollector<long>(_meters, ClamatorDiagnostics.MeterName, "clamator.server.pending");
        using var lag = new MetricCollector<long>(_meters, ClamatorDiagnostics.MeterName, "clamator.server.consumer_lag");
        var arith = new ObservedArithService();
        RedisRpcServer server = await _hosts.StartServerAsync(arith, Options(claimIdle: TimeSpan.FromSeconds(30), batchSize: 1, grace: TimeSpan.Zero));

        // One handler runs and never finishes; with one slot and batches of one, the intake holds the next entry
        // and reads no further: two entries pending, two not yet delivered.
        Task started = arith.SlowAddStarted; // taken before the entry is added: it completes at the next start
        for (int i = 0; i < 4; i++)
        {
            await AddAsync($$"""{"jsonrpc":"2.0","method":"arith.slowAdd","params":{"a":1,"b":1,"sleepMs":600000},"id":"slow-{{i}}"}""");
            if (i == 0)
            {
                await started.WaitAsync(Guard);
            }
        }

        await Eventually.UntilAsync(() => Task.FromResult(Last(pending) == 2 && Last(lag) == 2), Guard);
        RedisServiceStatus status = Assert.Single(server.GetServiceStatus());
        Assert.Equal(("arith", 2L, 2L), (status.Service, status.Pending, status.Lag));
        Assert.Empty(status.FailingLoops);
        Assert.Equal("arith", pending.LastMeasurement!.Tags["rpc.service"]);
    }

    [Fact]
    public async Task A_loop_whose_pass_fails_is_counted_as_restarted_and_listed_as_failing_until_it_recovers()
    {
        using var restarts = new MetricCollector<long>(_meters, ClamatorDiagnostics.MeterName, "clamator.redis.loop_restarts");
        RedisRpcServer server = await _hosts.StartServerAsync(new ArithService(), Options(claimIdle: TimeSpan.FromSeconds(30)));
        RedisRpcClient client = await _hosts.StartClientAsync(new RedisRpcClientOptions { Url = redis.Url, KeyPrefix = _hosts.Prefix });

        // The group vanishes (as when Redis restarts empty): the read fails with NOGROUP, the group is recreated.
        await redis.Db.ExecuteAsync("XGROUP", "DESTROY", CommandKey, "arith");
        await Eventually.UntilAsync(() => Task.FromResult(restarts.GetMeasurementSnapshot().Any(m => Equals(m.Tags["clamator.loop"], "read"))), Guard);

        CollectedMeasurement<long> restart = restarts.GetMeasurementSnapshot().First(m => Equals(m.Tags["clamator.loop"], "read"));
        Assert.Equal("arith", restart.Tags["rpc.service"]);
        Assert.Equal(5, (await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 }).WaitAsync(Guard)).Sum);
        Assert.DoesNotContain("read", Assert.Single(server.GetServiceStatus()).FailingLoops);
    }

    [Fact]
    public async Task Gauges_of_a_stopped_server_on_a_shared_meter_factory_report_nothing_rather_than_their_last_reading()
    {
        using var pending = new MetricCollector<long>(_meters, ClamatorDiagnostics.MeterName, "clamator.server.pending");
        RedisRpcServer server = await _hosts.StartServerAsync(new ArithService(), Options(claimIdle: TimeSpan.FromSeconds(30)));
        await Eventually.UntilAsync(() => Task.FromResult(Last(pending) == 0), Guard);

        await server.DisposeAsync();
        pending.Clear();
        pending.RecordObservableInstruments();

        Assert.Empty(pending.GetMeasurementSnapshot());
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static long? Last(MetricCollector<long> gauge)
    {
        gauge.RecordObservableInstruments();
        return gauge.LastMeasurement?.Value;
    }

    private RedisRpcServerOptions Options(TimeSpan claimIdle, int batchSize = 10, TimeSpan? grace = null) => new()
    {
        Url = redis.Url, KeyPrefix = _hosts.Prefix, MeterFactory = _meters, ConsumerClaimIdle = claimIdle, BlockTime = TimeSpan.FromMilliseconds(100),
        BatchSize = batchSize, ShutdownGrace = grace ?? TimeSpan.FromSeconds(5),
    };

    private Task<RedisValue> AddAsync(string envelope) =>
        redis.Db.StreamAddAsync(
        CommandKey, [new NameValueEntry("type", "rpc"), new NameValueEntry("envelope", envelope),
        new NameValueEntry("reply-to", $"{_hosts.Prefix}:replies:peer")]);
}
