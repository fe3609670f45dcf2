namespace Clamator;

/// <summary>Builds a <see cref="Contract{TService}"/>; every mistake (bad names, duplicates, foreign methods) throws at definition.</summary>
/// <typeparam name="TService">The type that implements the service's handlers.</typeparam>
public sealed class ContractBuilder<TService>
    where TService : class
{
    private readonly string _service;
    private readonly Dictionary<string, MethodBinding<TService>> _bindings = new(StringComparer.Ordinal);

    internal ContractBuilder(string service)
    {
        RpcNames.ThrowIfInvalidService(service, nameof(service));
        _service = service;
    }

    /// <summary>Adds a request/response method and the handler that serves it.</summary>
    public ContractBuilder<TService> Method<TParams, TResult>(
        RpcMethod<TParams, TResult> method,
        Func<TService, TParams, CancellationToken, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new RequestBinding<TService, TParams, TResult>(method, handler));
    }

    /// <summary>Adds a notification and the handler that serves it.</summary>
    public ContractBuilder<TService> Notification<TParams>(
        RpcNotification<TParams> notification,
        Func<TService, TParams, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new NotificationBinding<TService, TParams>(notification, handler));
    }

    /// <summary>Creates the contract.</summary>
    public Contract<TService> Build() => new(_service, _bindings.Values);

    private ContractBuilder<TService> Add(MethodBinding<TService> binding)
    {
        if (!string.Equals(binding.Method.Service, _service, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Method '{binding.Method.QualifiedName}' belongs to service '{binding.Method.Service}', not '{_service}'.");
        }

        if (!_bindings.TryAdd(binding.Method.Name, binding))
        {
            throw new ArgumentException($"Duplicate method '{binding.Method.Name}' in contract '{_service}'.");
        }

        return this;
    }
}
