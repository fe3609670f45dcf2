using System.Globalization;
using System.Reflection;
using Clamator.OverRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// <see cref="ClamatorRedisOptions"/> (what <c>UseRedis</c> binds from configuration) is the transport's own server and client
/// options: every setting of either binds from the flat section <c>Clamator</c>, keeps the transport's default, and reaches
/// the server and client hosting makes; a new setting needs no edit outside its options class.
/// </summary>
public sealed class RedisHostingOptionsTests
{
    /// <summary>What dependency injection provides (or hosting decides), not configuration.</summary>
    private static readonly string[] NotBound = ["Configuration", "Connection", "LoggerFactory", "MeterFactory", "TimeProvider", "WaitForRedis"];

    public static TheoryData<string> ServerSettings => Names(typeof(RedisRpcServerOptions));

    public static TheoryData<string> ClientSettings => Names(typeof(RedisRpcClientOptions));

    [Fact]
    public void Every_member_of_the_transport_options_but_what_dependency_injection_provides_is_a_bindable_setting()
    {
        foreach (Type type in new[] { typeof(RedisRpcServerOptions), typeof(RedisRpcClientOptions) })
        {
            string[] unbound = [.. type.GetProperties().Where(p => !FlatSettingsBinder.IsSettable(p)).Select(p => p.Name).Order(StringComparer.Ordinal)];
            Assert.Equal(NotBound, unbound);
        }
    }

    [Theory]
    [MemberData(nameof(ServerSettings))]
    public async Task Every_server_setting_binds_from_its_flat_key_and_reaches_the_server(string name)
    {
        PropertyInfo setting = typeof(RedisRpcServerOptions).GetProperty(name)!;
        (object value, string text) = Changed(setting.GetValue(new RedisRpcServerOptions { KeyPrefix = "p" }), setting.PropertyType);
        using ServiceProvider services = Services(new() { ["Clamator:KeyPrefix"] = "p", ["Clamator:" + name] = text });

        Assert.Equal(value, setting.GetValue(Bound(services).Server));
        await using var server = (RedisRpcServer)new RedisClamatorTransport("", services).CreateServer();
        Assert.Equal(value, setting.GetValue(server.Options));
    }

    [Theory]
    [MemberData(nameof(ClientSettings))]
    public async Task Every_client_setting_binds_from_its_flat_key_and_reaches_the_client(string name)
    {
        PropertyInfo setting = typeof(RedisRpcClientOptions).GetProperty(name)!;
        (object value, string text) = Changed(setting.GetValue(new RedisRpcClientOptions { KeyPrefix = "p" }), setting.PropertyType);
        using ServiceProvider services = Services(new() { ["Clamator:KeyPrefix"] = "p", ["Clamator:" + name] = text });

        Assert.Equal(value, setting.GetValue(Bound(services).Client));
        await using var client = (RedisRpcClient)new RedisClamatorTransport("", services).CreateClient();
        Assert.Equal(value, setting.GetValue(client.Options));
    }

    [Fact]
    public void Every_default_is_the_transports_own()
    {
        using ServiceProvider services = Services(new() { ["Clamator:KeyPrefix"] = "p" });
        ClamatorRedisOptions bound = Bound(services);

        foreach ((object hosted, object own) in new (object, object)[]
        {
            (bound.Server, new RedisRpcServerOptions { KeyPrefix = "p" }), (bound.Client, new RedisRpcClientOptions { KeyPrefix = "p" }),
        })
        {
            foreach (PropertyInfo setting in hosted.GetType().GetProperties().Where(p => FlatSettingsBinder.IsSettable(p) && p.Name != "InstanceId"))
            {
                Assert.True(Equals(setting.GetValue(own), setting.GetValue(hosted)),
                    $"{setting.Name}: {setting.GetValue(hosted)} hosted, {setting.GetValue(own)} own");
            }
        }
    }

    [Fact]
    public async Task A_named_backend_binds_its_own_section_and_hosting_gives_what_dependency_injection_provides()
    {
        using ILoggerFactory logging = LoggerFactory.Create(_ => { });
        using ServiceProvider services = Services(
            new() { ["Clamator:billing:KeyPrefix"] = "billing", ["Clamator:billing:HealthMaxPending"] = "12", ["Clamator:KeyPrefix"] = "default" },
            backend: "billing",
            more: s => s.AddSingleton(logging));

        ClamatorRedisOptions bound = services.GetRequiredService<IOptionsMonitor<ClamatorRedisOptions>>().Get("billing");
        Assert.Equal(("billing", "billing", 12L), (bound.Server.KeyPrefix, bound.Client.KeyPrefix, bound.HealthMaxPending));

        await using var server = (RedisRpcServer)new RedisClamatorTransport("billing", services).CreateServer();
        Assert.True(server.Options.WaitForRedis);
        Assert.Same(logging, server.Options.LoggerFactory);
        Assert.False(bound.Server.WaitForRedis, "the bound options stay as they are; the server has a copy");
    }

    [Fact]
    public void The_callbacks_shared_settings_set_the_server_and_the_client()
    {
        var options = new ClamatorRedisOptions
        {
            KeyPrefix = "k",
            Url = "redis://cache:6380",
            InstanceId = "slot-1",
            BlockTime = TimeSpan.FromSeconds(3),
            ReplyStreamTtl = TimeSpan.FromMinutes(3),
            MaxRetryDelay = TimeSpan.FromSeconds(9),
            ShutdownGrace = TimeSpan.FromSeconds(8),
        };

        foreach (RedisTransportOptions own in new RedisTransportOptions[] { options.Server, options.Client })
        {
            Assert.Equal(("k", "redis://cache:6380", "slot-1"), (own.KeyPrefix, own.Url, own.InstanceId));
            Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(9)), (own.BlockTime, own.ReplyStreamTtl, own.MaxRetryDelay));
        }

        Assert.Equal(TimeSpan.FromSeconds(8), options.Server.ShutdownGrace);
    }

    [Fact]
    public void An_unset_key_prefix_reads_as_null_so_a_callback_can_default_it()
    {
        var options = new ClamatorRedisOptions();
        options.KeyPrefix ??= "fallback";

        Assert.Equal(("fallback", "fallback"), (options.Server.KeyPrefix, options.Client.KeyPrefix));
    }

    [Fact]
    public void A_value_configuration_cannot_convert_names_its_key()
    {
        using ServiceProvider services = Services(new() { ["Clamator:KeyPrefix"] = "p", ["Clamator:MaxConcurrency"] = "many" });

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => Bound(services));
        Assert.Contains("'Clamator:MaxConcurrency'", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(
        Dictionary<string, string?> configuration, string backend = "", Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddClamator(backend, c => c.UseRedis());
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static ClamatorRedisOptions Bound(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<ClamatorRedisOptions>>().Get(Options.DefaultName);

    private static TheoryData<string> Names(Type type) =>
        [.. type.GetProperties().Where(FlatSettingsBinder.IsSettable).Select(p => p.Name).Where(n => n != "KeyPrefix")];

    /// <summary>A valid value other than the default, and how configuration writes it.</summary>
    private static (object Value, string Text) Changed(object? value, Type type) => value switch
    {
        int number => (number + 7, (number + 7).ToString(CultureInfo.InvariantCulture)),
        TimeSpan span => (span + TimeSpan.FromSeconds(7), (span + TimeSpan.FromSeconds(7)).ToString("c", CultureInfo.InvariantCulture)),
        _ when type == typeof(string) && value is string => ("changed", "changed"),
        _ when type == typeof(string) => ("redis://changed:6390", "redis://changed:6390"),
        _ => throw new InvalidOperationException($"No changed value for {type}."),
    };
}
