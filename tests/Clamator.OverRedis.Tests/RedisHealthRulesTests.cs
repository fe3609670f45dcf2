using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>The Redis transport's health rules for Clamator.Hosting, without Redis: services without responders, pending, lag and failing loops.</summary>
public sealed class RedisHealthRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_client_whose_services_have_no_responders_is_degraded_with_their_names_in_the_data()
    {
        var data = new Dictionary<string, object>();

        string? reason = ResponderHealth.Check("default", ["kitchen", "arith"], data);

        Assert.Equal("Clamator backend 'default': no live server serves arith, kitchen; calls to them fail at once (no responders).", reason);
        Assert.Equal(new[] { "arith", "kitchen" }, data["default.servicesWithoutResponders"]);
        Assert.Null(ResponderHealth.Check("default", [], data = []));
        Assert.Empty(data);
    }

    [Fact]
    public void A_read_loop_failing_for_twice_MaxRetryDelay_is_down_and_a_shorter_failure_or_another_loop_is_degraded()
    {
        var options = new ClamatorRedisOptions { MaxRetryDelay = TimeSpan.FromSeconds(5), HealthMaxPending = 10, HealthMaxLag = 0 };
        var data = new Dictionary<string, object>();
        List<string> degraded = [];
        RedisServiceStatus[] statuses =
        [
            new("arith", pending: 11, lag: 0, Now, new Dictionary<string, DateTimeOffset> { ["read"] = Now.AddSeconds(-11), ["trim"] = Now.AddSeconds(-60) }),
            new("kitchen", pending: 0, lag: 3, Now, new Dictionary<string, DateTimeOffset> { ["read"] = Now.AddSeconds(-9) }),
        ];

        string? down = ServiceHealth.Check(statuses, options, Now, "default", data, degraded);

        Assert.Equal("Clamator backend 'default', service 'arith': its read loop has been failing for 11 s; no new requests are read.", down);
        Assert.Equal(
            [
                "Clamator backend 'default', service 'arith': 11 entries pending, over HealthMaxPending (10).",
                "Clamator backend 'default', service 'arith': its trim loop is failing and retrying.",
                "Clamator backend 'default', service 'kitchen': lag 3, over HealthMaxLag (0).",
                "Clamator backend 'default', service 'kitchen': its read loop is failing and retrying.",
            ],
            degraded);
        Assert.Equal(11L, data["default.arith.pending"]);
        Assert.Equal(3L, data["default.kitchen.lag"]);
    }
}
