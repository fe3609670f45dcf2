using System.Text;
using System.Text.Json;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>
/// Numbers JSON peers cannot share: System.Text.Json reads <c>1e999</c> as Infinity, and NaN or Infinity cannot be
/// written. Generated contracts read and write doubles and floats through the finite-number converters.
/// </summary>
public sealed class FiniteNumberTests : IAsyncLifetime
{
    private RpcServerCore _core = null!;

    public async Task InitializeAsync()
    {
        _core = new RpcServerCore(new CapturingServerTransport());
        _core.RegisterService(ArithContract.Contract, new ArithService());
        _core.RegisterService(PointsContract.Contract, new PointsService());
        await _core.StartAsync();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Theory]
    [InlineData("arith", """{"a":1e999,"b":1}""", """["a"]""")]
    [InlineData("arith", """{"a":1,"b":-1e999}""", """["b"]""")]
    [InlineData("points", """{"items":[{"x":1},{"x":1e999}],"factor":1}""", """["items",1,"x"]""")]
    [InlineData("points", """{"items":[],"factor":1,"weight":1e39}""", """["weight"]""")]
    public async Task Non_finite_numbers_in_params_are_answered_invalid_params_with_their_path(string service, string parameters, string path)
    {
        string method = service == "arith" ? "arith.add" : "points.scale";
        byte[]? reply = await _core.DispatchAsync(
            service, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{parameters}},"id":"n"}"""), default);

        Envelope envelope = Envelope.Parse(Assert.IsType<byte[]>(reply));
        Assert.Equal(RpcErrorCodes.InvalidParams, envelope.ErrorCode);
        Assert.Equal("Invalid params", envelope.ErrorMessage);
        JsonElement error = Parse(envelope.ErrorData).GetProperty("errors")[0];
        Assert.Equal(path, error.GetProperty("path").GetRawText());
        Assert.Equal("Expected a finite number, received one out of range", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_largest_finite_numbers_still_pass()
    {
        byte[]? reply = await _core.DispatchAsync(
            "arith", Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"arith.add","params":{"a":1.7976931348623157e308,"b":-1e308},"id":1}"""), default);

        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":{"sum":7.976931348623157E+307}}""", Encoding.UTF8.GetString(reply!));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e300, "1E+300")]
    public void Finite_doubles_are_written_as_the_built_in_converter_writes_them(double value, string json) =>
        Assert.Equal(json, JsonSerializer.Serialize(value, ArithContract.JsonOptions));

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Non_finite_doubles_are_refused_on_write(double value, string name)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(value, ArithContract.JsonOptions));

        Assert.Equal($"Expected a finite number, received {name}", error.Message);
    }

    [Fact]
    public void Non_numbers_are_refused_as_zod_words_it() =>
        Assert.Equal(
            "Expected number, received string",
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<double>("\"1\"", ArithContract.JsonOptions)).Message.Split(" Path:")[0]);

    private static JsonElement Parse(ReadOnlyMemory<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
