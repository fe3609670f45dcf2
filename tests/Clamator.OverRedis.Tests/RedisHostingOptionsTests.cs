using System.Reflection;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// <see cref="ClamatorRedisOptions"/> (what Clamator.Hosting binds from configuration) against the transport's own options:
/// every setting of a server or client is there, with the transport's default, and reaches the server and client it makes.
/// </summary>
public sealed class RedisHostingOptionsTests
{
    /// <summary>What dependency injection provides (or hosting decides), not configuration.</summary>
    private static readonly string[] NotBound = ["Connection", "Configuration", "LoggerFactory", "TimeProvider", "MeterFactory", "WaitForRedis"];

    /// <summary>The health check's thresholds, which only hosting has.</summary>
    private static readonly string[] HostingOnly = ["HealthMaxPending", "HealthMaxLag"];

    private static PropertyInfo[] Settings => typeof(ClamatorRedisOptions).GetProperties().Where(p => !HostingOnly.Contains(p.Name)).ToArray();

    [Fact]
    public void Every_setting_of_a_redis_server_or_client_can_be_bound_by_hosting()
    {
        string[] transport = [.. typeof(RedisRpcServerOptions).GetProperties().Concat(typeof(RedisRpcClientOptions).GetProperties())
            .Select(p => p.Name).Where(n => !NotBound.Contains(n)).Distinct().Order(StringComparer.Ordinal)];

        Assert.Equal(transport, Settings.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_default_is_the_transports_own()
    {
        var hosting = new ClamatorRedisOptions();
        object server = new RedisRpcServerOptions { KeyPrefix = "p" };
        object client = new RedisRpcClientOptions { KeyPrefix = "p" };

        foreach (PropertyInfo setting in Settings.Where(p => p.Name is not ("KeyPrefix" or "InstanceId" or "Url")))
        {
            object? expected = (typeof(RedisRpcServerOptions).GetProperty(setting.Name) is { } s ? s.GetValue(server) : null)
                ?? typeof(RedisRpcClientOptions).GetProperty(setting.Name)!.GetValue(client);
            Assert.True(Equals(expected, setting.GetValue(hosting)), $"{setting.Name}: {setting.GetValue(hosting)} in hosting, {expected} in the transport");
        }
    }

    [Fact]
    public void Every_setting_reaches_the_server_and_the_client_options()
    {
        var hosting = new ClamatorRedisOptions();
        foreach (PropertyInfo setting in Settings)
        {
            setting.SetValue(hosting, Changed(setting.GetValue(hosting), setting.PropertyType));
        }

        RedisRpcServerOptions server = RedisOptionsMapping.Server(hosting, connection: null, services: null);
        RedisRpcClientOptions client = RedisOptionsMapping.Client(hosting, connection: null, services: null);

        foreach (PropertyInfo setting in Settings)
        {
            object? value = setting.GetValue(hosting);
            foreach (object target in new object[] { server, client })
            {
                if (target.GetType().GetProperty(setting.Name) is { } mapped)
                {
                    Assert.True(Equals(value, mapped.GetValue(target)), $"{setting.Name} does not reach {target.GetType().Name}");
                }
            }
        }
    }

    private static object Changed(object? value, Type type) => value switch
    {
        int number => number + 7,
        TimeSpan span => span + TimeSpan.FromSeconds(7),
        _ when type == typeof(string) => "changed",
        _ when type == typeof(int) || type == typeof(int?) => 7,
        _ => throw new InvalidOperationException($"No changed value for {type}."),
    };
}
