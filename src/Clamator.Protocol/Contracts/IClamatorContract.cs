namespace Clamator;

/// <summary>
/// A contract interface that names its own contract. The source generator adds it to every <c>partial</c>
/// <c>[ClamatorContract]</c> interface (and to those clamator-codegen writes), so generic code such as
/// <c>AddService&lt;IArithService, ArithService&gt;()</c> finds the contract from the interface alone.
/// </summary>
/// <typeparam name="TSelf">The contract interface itself.</typeparam>
public interface IClamatorContract<TSelf>
    where TSelf : class, IClamatorContract<TSelf>
{
    /// <summary>The contract: its service name and the dispatch of each method.</summary>
    static abstract Contract<TSelf> Contract { get; }
}
