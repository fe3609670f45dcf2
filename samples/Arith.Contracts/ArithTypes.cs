namespace Arith;

// Hand-written contract types for the `arith` and `notifications` contracts of the shared vectors
// (../shared/spec/vectors/contracts). Wire names are camelCase via ArithJsonContext.

/// <summary>Params of <c>arith.add</c> and <c>arith.divide</c>.</summary>
public sealed record AddParams(double A, double B);

/// <summary>Result of <c>arith.add</c> and <c>arith.slowAdd</c>.</summary>
public sealed record SumResult(double Sum);

/// <summary>Params of <c>arith.slowAdd</c>: <c>sleepMs</c> is a non-negative integer.</summary>
public sealed record SlowAddParams(double A, double B, long SleepMs) : Clamator.IValidatable
{
    /// <inheritdoc />
    public void Validate(Clamator.ValidationContext context) => context.Minimum("sleepMs", SleepMs, 0);
}

/// <summary>Result of <c>arith.divide</c>.</summary>
public sealed record QuotientResult(double Q);

/// <summary>Params and result of <c>arith.echoText</c>.</summary>
public sealed record TextMessage(string Text);

/// <summary>Params of <c>notifications.ping</c>; <c>tag</c> is optional.</summary>
public sealed record PingParams(string? Tag = null);
