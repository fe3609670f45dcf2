using System.Text.Json.Serialization;

namespace Clamator.Testing;

// The suites' own copy of the arith contract of the shared vectors (spec/vectors/contracts/arith.ts, as
// clamator-codegen writes it into samples/Arith.Contracts/Generated/Arith.g.cs): the same wire names, shapes and
// validation, so the suites assert what they always did (TestKitContractTests in Clamator.Codegen.Tests keeps it so).
// Internal: a deriving project keeps its own contract types, and the Clamator source generator emits ArithContract
// and ArithClient beside it, internal too.

/// <summary>
/// The <c>arith</c> service the suites serve: add, a cancellable slowAdd, divide (fails on zero) and echoText.
/// </summary>
[ClamatorContract("arith")]
internal partial interface IArithService
{
    /// <summary><c>arith.add</c>.</summary>
    /// <param name="p">The params.</param>
    /// <param name="cancellationToken">Cancelled when the caller's deadline passes or the server stops.</param>
    [ClamatorMethod("add")]
    Task<AddResult> AddAsync(AddParams p, CancellationToken cancellationToken = default);

    /// <summary><c>arith.slowAdd</c>.</summary>
    /// <param name="p">The params.</param>
    /// <param name="cancellationToken">Cancelled when the caller's deadline passes or the server stops.</param>
    [ClamatorMethod("slowAdd")]
    Task<SlowAddResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken = default);

    /// <summary><c>arith.divide</c>.</summary>
    /// <param name="p">The params.</param>
    /// <param name="cancellationToken">Cancelled when the caller's deadline passes or the server stops.</param>
    [ClamatorMethod("divide")]
    Task<DivideResult> DivideAsync(DivideParams p, CancellationToken cancellationToken = default);

    /// <summary><c>arith.echoText</c>.</summary>
    /// <param name="p">The params.</param>
    /// <param name="cancellationToken">Cancelled when the caller's deadline passes or the server stops.</param>
    [ClamatorMethod("echoText")]
    Task<EchoTextResult> EchoTextAsync(EchoTextParams p, CancellationToken cancellationToken = default);
}

/// <summary>Params of <c>arith.add</c>.</summary>
internal sealed record AddParams : IValidatable
{
    /// <summary>The <c>a</c> field.</summary>
    [JsonPropertyName("a")]
    public required double A { get; init; }

    /// <summary>The <c>b</c> field.</summary>
    [JsonPropertyName("b")]
    public required double B { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}

/// <summary>Result of <c>arith.add</c>.</summary>
internal sealed record AddResult : IValidatable
{
    /// <summary>The <c>sum</c> field.</summary>
    [JsonPropertyName("sum")]
    public required double Sum { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}

/// <summary>Params of <c>arith.slowAdd</c>.</summary>
internal sealed record SlowAddParams : IValidatable
{
    /// <summary>The <c>a</c> field.</summary>
    [JsonPropertyName("a")]
    public required double A { get; init; }

    /// <summary>The <c>b</c> field.</summary>
    [JsonPropertyName("b")]
    public required double B { get; init; }

    /// <summary>The <c>sleepMs</c> field.</summary>
    [JsonPropertyName("sleepMs")]
    public required double SleepMs { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Integer("sleepMs", SleepMs);
        context.Minimum("sleepMs", SleepMs, 0);
    }
}

/// <summary>Result of <c>arith.slowAdd</c>.</summary>
internal sealed record SlowAddResult : IValidatable
{
    /// <summary>The <c>sum</c> field.</summary>
    [JsonPropertyName("sum")]
    public required double Sum { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}

/// <summary>Params of <c>arith.divide</c>.</summary>
internal sealed record DivideParams : IValidatable
{
    /// <summary>The <c>a</c> field.</summary>
    [JsonPropertyName("a")]
    public required double A { get; init; }

    /// <summary>The <c>b</c> field.</summary>
    [JsonPropertyName("b")]
    public required double B { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}

/// <summary>Result of <c>arith.divide</c>.</summary>
internal sealed record DivideResult : IValidatable
{
    /// <summary>The <c>q</c> field.</summary>
    [JsonPropertyName("q")]
    public required double Q { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}

/// <summary>Params of <c>arith.echoText</c>.</summary>
internal sealed record EchoTextParams : IValidatable
{
    /// <summary>The <c>text</c> field.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}

/// <summary>Result of <c>arith.echoText</c>.</summary>
internal sealed record EchoTextResult : IValidatable
{
    /// <summary>The <c>text</c> field.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <inheritdoc />
    public void Validate(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }
}
