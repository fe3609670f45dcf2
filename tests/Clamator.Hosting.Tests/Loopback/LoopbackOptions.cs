namespace Clamator.Tests.Loopback;

/// <summary>The loopback transport's settings, bound from the backend's configuration section.</summary>
public sealed class LoopbackOptions
{
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
