using System.Text;
using System.Text.Json;
using Arith;
using Clamator.Transport;
using Xunit;

namespace Clamator.Tests;

/// <summary>Every case of spec/vectors/envelopes.json through the codec and, where it has <c>dispatch</c>, through a server core.</summary>
public sealed class EnvelopeVectorTests
{
    private static readonly JsonElement Cases = LoadCases();

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (JsonElement c in Cases.EnumerateArray())
        {
            names.Add(c.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Fact]
    public void The_vector_file_has_cases() => Assert.True(Cases.GetArrayLength() >= 40);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Codec_classifies_the_case(string name)
    {
        (byte[] input, JsonElement expect) = Case(name);

        Envelope envelope = Envelope.Parse(input);

        Assert.Equal(expect.GetProperty("kind").GetString(), KindName(envelope.Kind));
        if (expect.TryGetProperty("service", out JsonElement service))
        {
            Assert.Equal(service.GetString(), envelope.Service);
        }

        if (expect.TryGetProperty("method", out JsonElement method))
        {
            Assert.Equal(method.GetString(), envelope.Method);
        }

        if (expect.TryGetProperty("id", out JsonElement id))
        {
            AssertId(id, envelope.Id);
        }

        if (expect.TryGetProperty("code", out JsonElement code))
        {
            Assert.Equal(code.GetInt32(), envelope.ErrorCode);
        }

        if (expect.TryGetProperty("reason", out JsonElement reason))
        {
            Assert.Equal(reason.GetString(), envelope.InvalidReason);
            if (expect.TryGetProperty("recoverableId", out JsonElement recoverable))
            {
                AssertId(recoverable, envelope.Id);
            }
            else
            {
                Assert.Null(envelope.Id);
            }
        }

        if (expect.TryGetProperty("params", out JsonElement expectedParams))
        {
            string actual = envelope.Params.IsEmpty ? "{}" : Encoding.UTF8.GetString(envelope.Params.Span);
            Assert.True(JsonElement.DeepEquals(expectedParams, Parse(actual)), $"params {actual}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Server_core_dispatches_the_case(string name)
    {
        (byte[] input, JsonElement expect) = Case(name);
        if (!expect.TryGetProperty("dispatch", out JsonElement dispatch))
        {
            return;
        }

        var arith = new ArithService();
        var notifications = new NotificationsService();
        var pinged = new List<PingParams>();
        notifications.Pinged += pinged.Add;
        await using var core = new RpcServerCore(new CapturingServerTransport());
        core.RegisterService(ArithContract.Contract, arith);
        core.RegisterService(NotificationsContract.Contract, notifications);
        await core.StartAsync();

        byte[]? reply = await core.DispatchAsync(expect.GetProperty("service").GetString()!, input, CancellationToken.None);

        if (dispatch.TryGetProperty("handled", out _))
        {
            Assert.Null(reply);
            Assert.Single(pinged);
            return;
        }

        Envelope response = Envelope.Parse(Assert.IsType<byte[]>(reply));
        AssertId(expect.GetProperty("id"), response.Id);
        if (dispatch.TryGetProperty("result", out JsonElement result))
        {
            Assert.Equal(EnvelopeKind.Success, response.Kind);
            Assert.True(JsonElement.DeepEquals(result, Parse(Encoding.UTF8.GetString(response.Result.Span))));
        }
        else
        {
            Assert.Equal(EnvelopeKind.Error, response.Kind);
            Assert.Equal(dispatch.GetProperty("code").GetInt32(), response.ErrorCode);
            if (dispatch.TryGetProperty("messageMatches", out JsonElement pattern))
            {
                Assert.Matches(pattern.GetString()!, response.ErrorMessage);
            }
        }
    }

    private static void AssertId(JsonElement expected, RpcId? actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.Null(actual);
                break;
            case JsonValueKind.String:
                Assert.Equal(new RpcId(expected.GetString()!), actual);
                Assert.True(actual!.Value.IsString);
                break;
            default:
                Assert.Equal(new RpcId(expected.GetInt64()), actual);
                Assert.False(actual!.Value.IsString);
                break;
        }
    }

    private static string KindName(EnvelopeKind kind) => kind.ToString().ToLowerInvariant();

    private static (byte[] Input, JsonElement Expect) Case(string name)
    {
        JsonElement c = Cases.EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        return (Encoding.UTF8.GetBytes(c.GetProperty("input").GetString()!), c.GetProperty("expect"));
    }

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement LoadCases()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Vectors, "envelopes.json")));
        return document.RootElement.GetProperty("cases").Clone();
    }
}
