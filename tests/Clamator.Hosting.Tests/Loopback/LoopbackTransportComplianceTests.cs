using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>The transport behaviour suite of the Clamator.Testing package over the test-only loopback transport.</summary>
public sealed class LoopbackTransportComplianceTests : TransportComplianceTests
{
    private readonly LoopbackNetwork _network = new();

    protected override IRpcServer NewServer(TimeSpan? shutdownGrace = null, RpcServerLimits? limits = null) =>
        new RpcServerCore(new LoopbackServerTransport(_network), shutdownGrace, limits: limits);

    protected override IRpcClient NewClient(TimeSpan? defaultTimeout = null) => new RpcClientCore(new LoopbackClientTransport(_network), defaultTimeout);
}
