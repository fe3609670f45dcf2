namespace Clamator.Generators;

/// <summary>One method of a contract interface.</summary>
/// <param name="ClrName">The interface method's name.</param>
/// <param name="DescriptorName">The descriptor field's name on the contract class.</param>
/// <param name="WireName">The method name on the wire.</param>
/// <param name="ParamsType">The params type, fully qualified.</param>
/// <param name="ResultType">The result type, fully qualified; <see langword="null"/> for a notification.</param>
/// <param name="ReturnsValueTask">Whether the method returns a ValueTask rather than a Task.</param>
/// <param name="ParamsName">The params parameter's name.</param>
/// <param name="CancellationName">The CancellationToken parameter's name; <see langword="null"/> when absent.</param>
internal sealed record MethodModel(
    string ClrName,
    string DescriptorName,
    string WireName,
    string ParamsType,
    string? ResultType,
    bool ReturnsValueTask,
    string ParamsName,
    string? CancellationName)
{
    public bool IsNotification => ResultType is null;
}
