namespace Clamator.Hosting;

/// <summary>What <c>AddClamator</c> calls declared for one backend: its transport, its services, whether it has clients.</summary>
internal sealed class BackendDefinition(string name)
{
    /// <summary>The backend's name (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the unnamed one).</summary>
    public string Name { get; } = name;

    /// <summary>The configuration section its options bind from.</summary>
    public string SectionPath => ClamatorBuilder.SectionPathOf(Name);

    /// <summary>The transport's name, as given to <see cref="ClamatorBuilder.UseTransport"/>; <see langword="null"/> until one is.</summary>
    public string? TransportName { get; set; }

    /// <summary>Makes the backend's transport at run time; <see langword="null"/> until one is given.</summary>
    public Func<IServiceProvider, ClamatorTransport>? CreateTransport { get; set; }

    /// <summary>Registers each service on the backend's server.</summary>
    public List<Action<IRpcServer>> Services { get; } = [];

    /// <summary>The server's interceptors, after the call scope (so inside it), in the order added.</summary>
    public List<Func<IServiceProvider, IRpcInterceptor>> ServerInterceptors { get; } = [];

    /// <summary>The client's interceptors, in the order added.</summary>
    public List<Func<IServiceProvider, IRpcInterceptor>> ClientInterceptors { get; } = [];

    public bool HasClients { get; set; }
}
