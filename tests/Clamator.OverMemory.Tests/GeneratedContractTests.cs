using System.Text.Json;
using System.Text.Json.Serialization;
using Clamator.OverMemory;
using Xunit;

namespace Clamator.Tests.Generated;

public sealed record Pair(double A, double B);

public sealed record Total(double Value);

public enum Priority
{
    Low,
    [JsonStringEnumMemberName("very-high")]
    VeryHigh,
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Circle), "circle")]
[JsonDerivedType(typeof(Square), "square")]
public abstract record Shape;

public sealed record Circle : Shape
{
    public required double R { get; init; }
}

public sealed record Square : Shape
{
    public required double Side { get; init; }
}

public sealed record Job
{
    public required string Name { get; init; }

    public required Priority Priority { get; init; }

    [JsonPropertyName("note_text")]
    public string? Note { get; init; }

    public required string? Owner { get; init; }

    public long Attempts { get; set; } = 1;

    public required IReadOnlyList<long> Steps { get; init; }

    public Dictionary<string, double>? Weights { get; init; }

    public DateTimeOffset? Due { get; init; }

    public Shape? Shape { get; init; }

    [JsonRequired]
    public int Version { get; set; }
}

public sealed record Signal(string? Tag = null);

[ClamatorContract("jobs")]
public partial interface IJobsService
{
    Task<Total> AddAsync(Pair p, CancellationToken cancellationToken = default);

    [ClamatorMethod("submit")]
    ValueTask<Job> SubmitJobAsync(Job job, CancellationToken cancellationToken = default);

    Task<Total> HangAsync(Pair p);

    [ClamatorNotification]
    Task SignalAsync(Signal s, CancellationToken cancellationToken = default);
}

internal sealed class JobsService : IJobsService
{
    public TaskCompletionSource<Signal> Signalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Total> AddAsync(Pair p, CancellationToken cancellationToken = default) => Task.FromResult(new Total(p.A + p.B));

    public ValueTask<Job> SubmitJobAsync(Job job, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(job with { Attempts = job.Attempts + 1 });

    public Task<Total> HangAsync(Pair p) => new TaskCompletionSource<Total>().Task;

    public Task SignalAsync(Signal s, CancellationToken cancellationToken = default)
    {
        Signalled.TrySetResult(s);
        return Task.CompletedTask;
    }
}

/// <summary>A C#-first contract through the source generator: generated client, dispatch and JSON metadata over the memory transport.</summary>
public sealed class GeneratedContractTests : ServedContractTests
{
    private readonly JobsService _service = new();

    protected override void Register(MemoryRpcServer server) => server.RegisterService(JobsContract.Contract, _service);

    [Fact]
    public async Task GeneratedClient_calls_a_positional_record_method()
    {
        var jobs = new JobsClient(Client);

        Total total = await jobs.AddAsync(new Pair(2, 3));

        Assert.Equal(5, total.Value);
    }

    [Fact]
    public async Task Every_property_shape_round_trips_through_a_valuetask_method()
    {
        var jobs = new JobsClient(Client);
        var job = new Job
        {
            Version = 3,
            Name = "build",
            Priority = Priority.VeryHigh,
            Owner = null,
            Steps = [1, 2],
            Weights = new() { ["x"] = 0.5 },
            Due = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
            Shape = new Square { Side = 2 },
        };

        Job back = await jobs.SubmitJobAsync(job);

        Assert.Equal("build", back.Name);
        Assert.Equal(Priority.VeryHigh, back.Priority);
        Assert.Null(back.Note);
        Assert.Null(back.Owner);
        Assert.Equal(2, back.Attempts);
        Assert.Equal([1L, 2L], back.Steps);
        Assert.Equal(0.5, back.Weights!["x"]);
        Assert.Equal(job.Due, back.Due);
        Assert.Equal(new Square { Side = 2 }, back.Shape);
    }

    [Fact]
    public void Wire_names_and_absent_versus_null_follow_the_contract()
    {
        var job = new Job
        {
            Name = "n",
            Priority = Priority.VeryHigh,
            Owner = null,
            Steps = [],
            Due = new DateTimeOffset(2026, 11, 24, 11, 0, 0, 250, TimeSpan.FromHours(1)),
            Shape = new Circle { R = 1 },
        };

        string json = JsonSerializer.Serialize(job, JobsContract.JsonOptions.GetTypeInfo(typeof(Job)));

        Assert.Equal(
            """{"name":"n","priority":"very-high","owner":null,"attempts":1,"steps":[],"due":"2026-11-24T10:00:00.25Z","shape":"""
            + """{"type":"circle","r":1},"version":0}""",
            json);
    }

    [Theory]
    [InlineData(
        """{"name":"n","priority":"low","owner":null,"steps":[1.0],"attempts":2.0,"note_text":null,"weights":null,"extra":1"""
        + ""","shape":{"r":1,"type":"circle"},"version":1}""",
        true)]
    [InlineData("""{"name":"n","priority":"low","owner":null,"steps":[]}""", false)]
    [InlineData("""{"name":"n","priority":"low","steps":[],"version":1}""", false)]
    [InlineData("""{"name":null,"priority":"low","owner":null,"steps":[],"version":1}""", false)]
    [InlineData("""{"name":"n","priority":"medium","owner":null,"steps":[],"version":1}""", false)]
    [InlineData("""{"name":"n","priority":"low","owner":null,"steps":[1.5],"version":1}""", false)]
    public async Task Params_are_checked_against_the_generated_metadata(string parameters, bool valid)
    {
        using JsonDocument document = JsonDocument.Parse(parameters);

        Task<JsonElement> call = Client.CallAsync("jobs.submit", document.RootElement);

        if (valid)
        {
            JsonElement result = await call;
            Assert.Equal(3, result.GetProperty("attempts").GetInt64());
        }
        else
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal(RpcErrorCodes.InvalidParams, error.Code);
        }
    }

    [Fact]
    public async Task Per_call_timeout_overload_bounds_the_wait()
    {
        var jobs = new JobsClient(Client);

        var error = await Assert.ThrowsAsync<ClamatorTransportException>(() => jobs.HangAsync(new Pair(1, 1), TimeSpan.FromMilliseconds(20)));

        Assert.Equal(ClamatorTransportException.CallTimeoutMessage, error.Message);
        Assert.Equal(ClamatorTransportErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Generated_notification_reaches_the_handler()
    {
        var jobs = new JobsClient(Client);

        await jobs.SignalAsync(new Signal("t"));

        Assert.Equal(new Signal("t"), await _service.Signalled.Task);
    }

    [Fact]
    public void Descriptors_carry_the_wire_names()
    {
        Assert.Equal(["add", "hang", "signal", "submit"], JobsContract.Contract.Methods.Select(m => m.Name));
        Assert.True(JobsContract.Signal.IsNotification);
        Assert.Equal("jobs", JobsContract.ServiceName);
    }
}
