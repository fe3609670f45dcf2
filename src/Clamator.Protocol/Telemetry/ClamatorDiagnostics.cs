namespace Clamator;

/// <summary>
/// The names under which Clamator reports traces and metrics: subscribe to them with OpenTelemetry
/// (<c>AddSource(ClamatorDiagnostics.ActivitySourceName)</c>, <c>AddMeter(ClamatorDiagnostics.MeterName)</c>).
/// </summary>
public static class ClamatorDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of client and server spans.</summary>
    public const string ActivitySourceName = "Clamator";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of every Clamator instrument.</summary>
    public const string MeterName = "Clamator";
}
