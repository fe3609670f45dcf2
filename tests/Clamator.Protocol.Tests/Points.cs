namespace Clamator.Tests;

public sealed record Point(double X);

public sealed record ScaleParams(IReadOnlyList<Point> Items, double Factor, float? Weight = null);

public sealed record ScaleResult(IReadOnlyList<Point> Items);

/// <summary>A result whose second item fails while it is being written (a getter that throws).</summary>
public sealed record FaultyResult(IReadOnlyList<FaultyItem> Items);

public sealed record FaultyItem(bool Fail)
{
    public double Value => Fail ? throw new InvalidOperationException("getter boom") : 1;
}

/// <summary>A result whose JSON member was never set (an undefined <see cref="System.Text.Json.JsonElement"/>).</summary>
public sealed record LooseResult(System.Text.Json.JsonElement Extra);

/// <summary>A generated (C#-first) contract with numbers nested in lists.</summary>
[ClamatorContract("points")]
public partial interface IPointsService
{
    Task<ScaleResult> ScaleAsync(ScaleParams p, CancellationToken cancellationToken = default);

    Task<FaultyResult> FaultyAsync(ScaleParams p, CancellationToken cancellationToken = default);

    Task<LooseResult> LooseAsync(ScaleParams p, CancellationToken cancellationToken = default);

    [ClamatorNotification]
    Task MarkAsync(ScaleParams p, CancellationToken cancellationToken = default);
}

public sealed class PointsService : IPointsService
{
    public Task<ScaleResult> ScaleAsync(ScaleParams p, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ScaleResult([.. p.Items.Select(i => new Point(i.X * p.Factor))]));

    public Task<FaultyResult> FaultyAsync(ScaleParams p, CancellationToken cancellationToken = default) =>
        Task.FromResult(new FaultyResult([new FaultyItem(false), new FaultyItem(true)]));

    public Task<LooseResult> LooseAsync(ScaleParams p, CancellationToken cancellationToken = default) => Task.FromResult(new LooseResult(default));

    public Task MarkAsync(ScaleParams p, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
