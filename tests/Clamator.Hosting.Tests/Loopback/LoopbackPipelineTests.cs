using System.Diagnostics.Metrics;
using Clamator.Transport;

namespace Clamator.Tests.Loopback;

/// <summary>The pipeline suite of the Clamator.Testing package over the test-only loopback transport.</summary>
public sealed class LoopbackPipelineTests : PipelineComplianceTests
{
    private readonly LoopbackNetwork _network = new();

    protected override IRpcServer NewServer(IMeterFactory meters) =>
        new RpcServerCore(new LoopbackServerTransport(_network), meterFactory: meters);

    protected override IRpcClient NewClient(IMeterFactory meters) =>
        new RpcClientCore(new LoopbackClientTransport(_network), meterFactory: meters);
}
