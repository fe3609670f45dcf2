using System.Text.Json.Serialization;

namespace Clamator.Tests;

public sealed record ProbeParams(long N, ProbeInner? Inner = null) : IValidatable
{
    public void Validate(ValidationContext context) => context.Nested("inner", Inner);
}

public sealed record ProbeInner(IReadOnlyList<ProbeItem> Items) : IValidatable
{
    public void Validate(ValidationContext context) => context.Each("items", Items);
}

public sealed record ProbeItem(string Sku, long Qty) : IValidatable
{
    public void Validate(ValidationContext context)
    {
        context.Minimum("qty", Qty, 0, exclusive: true);
        context.Length("sku", Sku.Length, 1, 8);
    }
}

public sealed record ProbeResult(long Value) : IValidatable
{
    public void Validate(ValidationContext context) => context.Minimum("value", Value, 0);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(JsonIntegerConverter)])]
[JsonSerializable(typeof(ProbeParams))]
[JsonSerializable(typeof(ProbeResult))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;

public interface IProbeService
{
    Task<ProbeResult> RunAsync(ProbeParams p, CancellationToken cancellationToken);

    Task NoteAsync(ProbeParams p, CancellationToken cancellationToken);
}

/// <summary>A service whose behaviour is chosen by <c>n</c>: 1 throws, 2 returns an invalid result, 3 returns null, else echoes.</summary>
public sealed class ProbeService : IProbeService
{
    public int Notes { get; private set; }

    public Task<ProbeResult> RunAsync(ProbeParams p, CancellationToken cancellationToken) => p.N switch
    {
        1 => throw new InvalidOperationException("boom"),
        2 => Task.FromResult(new ProbeResult(-1)),
        3 => Task.FromResult<ProbeResult>(null!),
        _ => Task.FromResult(new ProbeResult(p.N)),
    };

    public Task NoteAsync(ProbeParams p, CancellationToken cancellationToken)
    {
        Notes++;
        return p.N == 1 ? throw new InvalidOperationException("notification boom") : Task.CompletedTask;
    }
}

public static class ProbeContract
{
    public static readonly RpcMethod<ProbeParams, ProbeResult> Run = new(
        "probe", "run", ProbeJsonContext.Default.ProbeParams, ProbeJsonContext.Default.ProbeResult);

    public static readonly RpcNotification<ProbeParams> Note = new("probe", "note", ProbeJsonContext.Default.ProbeParams);

    public static readonly Contract<IProbeService> Contract = Contract<IProbeService>.Create("probe")
        .Method(Run, static (s, p, ct) => s.RunAsync(p, ct))
        .Notification(Note, static (s, p, ct) => s.NoteAsync(p, ct))
        .Build();
}
