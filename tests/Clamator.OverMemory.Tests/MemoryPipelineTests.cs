using System.Diagnostics.Metrics;
using Clamator.OverMemory;
using Clamator.Testing;

namespace Clamator.Tests;

/// <summary>The pipeline suite over the in-memory transport.</summary>
public sealed class MemoryPipelineTests : PipelineComplianceTests
{
    private readonly MemoryBus _bus = new();

    protected override IRpcServer NewServer(IMeterFactory meters) => new MemoryRpcServer(_bus, meterFactory: meters);

    protected override IRpcClient NewClient(IMeterFactory meters) => new MemoryRpcClient(_bus, meterFactory: meters);
}
