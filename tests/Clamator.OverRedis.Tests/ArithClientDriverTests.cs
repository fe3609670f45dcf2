using System.Diagnostics;
using System.Text.Json;
using Arith;
using Clamator.OverRedis;
using Xunit;

namespace Clamator.Tests;

/// <summary>samples/Arith.Client as the interop harness runs it: calls on stdin, one JSON line per call on stdout.</summary>
[Collection(RedisCollection.Name)]
public sealed class ArithClientDriverTests(RedisFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = "d" + Guid.NewGuid().ToString("N")[..12];
    private RedisRpcServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new RedisRpcServer(new RedisRpcServerOptions { Url = redis.Url, KeyPrefix = _prefix, MaxConcurrency = 4, ShutdownGrace = TimeSpan.Zero });
        _server.RegisterService(ArithContract.Contract, new ArithService());
        _server.RegisterService(NotificationsContract.Contract, new NotificationsService());
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Prints_one_line_per_call_in_input_order()
    {
        string[] lines = await RunClientAsync("""
            {"calls":[
              {"method":"arith.slowAdd","params":{"a":1,"b":2,"sleepMs":200}},
              {"method":"arith.add","params":{"a":2,"b":3}},
              {"method":"notifications.ping","params":{"tag":"x"},"notification":true},
              {"method":"arith.divide","params":{"a":1,"b":0}},
              {"method":"arith.slowAdd","params":{"a":1,"b":2,"sleepMs":5000},"timeoutMs":100},
              {"method":"arith.echoText","params":{"text":"h\u00e9llo"}},
              {"method":"Bad.name","params":{}}
            ],"concurrent":true,"defaultTimeoutMs":10000}
            """);

        Assert.Equal(7, lines.Length);
        Assert.Equal("""{"result":{"sum":3}}""", lines[0]);
        Assert.Equal("""{"result":{"sum":5}}""", lines[1]);
        Assert.Equal("""{"result":null,"notification":true}""", lines[2]);
        Assert.Equal("""{"error":{"code":-32000,"message":"division by zero","data":null,"class":"RpcException"}}""", lines[3]);
        Assert.Equal("""{"error":{"code":null,"message":"call timeout","data":null,"class":"ClamatorTransportException","kind":"Timeout"}}""", lines[4]);
        Assert.Equal("""{"result":{"text":"héllo"}}""", lines[5]);
        using JsonDocument refused = JsonDocument.Parse(lines[6]);
        Assert.Equal("ClamatorProtocolException", refused.RootElement.GetProperty("error").GetProperty("class").GetString());
    }

    [Fact]
    public async Task Accepts_a_plain_array_and_reports_validation_data()
    {
        string[] lines = await RunClientAsync("""[{"method":"arith.slowAdd","params":{"a":1,"b":2,"sleepMs":-1}}]""");

        using JsonDocument line = JsonDocument.Parse(Assert.Single(lines));
        JsonElement error = line.RootElement.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("ValidationError", error.GetProperty("data").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("Arith.Client")]
    [InlineData("Arith.Server")]
    public async Task A_driver_that_cannot_reach_Redis_prints_one_line_and_exits_1_instead_of_crashing(string driver)
    {
        // Regression: both drivers crashed with an unhandled exception (exit 134 and a stack dump) when Redis was down.
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false
        };
        info.ArgumentList.Add(ArithServerProcess.DllPath(driver));
        info.Environment["REDIS_URL"] = $"redis://127.0.0.1:{RedisServerProcess.FreePort()}";
        info.Environment["KEY_PREFIX"] = _prefix;
        using Process process = Process.Start(info)!;
        await process.StandardInput.WriteAsync("[]");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await stdout);
        string error = (await stderr).Trim();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith($"{driver}: Cannot reach Redis at 127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("connection refused", error, StringComparison.Ordinal);
    }

    private async Task<string[]> RunClientAsync(string input)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ArithServerProcess.DllPath("Arith.Client"));
        info.Environment["REDIS_URL"] = redis.Url;
        info.Environment["KEY_PREFIX"] = _prefix;
        using Process process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"Arith.Client exited {process.ExitCode}: {await stderr}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
