using Microsoft.Extensions.DependencyInjection;

namespace Clamator.Hosting;

/// <summary>
/// Opens a dependency-injection scope around every call a server dispatches (added first, so outermost), keeps its
/// provider in <see cref="RpcCallContext.Items"/> for the service factories, and disposes it once the call is done.
/// </summary>
internal sealed class CallScope(IServiceScopeFactory scopes) : IRpcInterceptor
{
    private static readonly object Key = new();

    public async ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next)
    {
        AsyncServiceScope scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            context.Items[Key] = scope.ServiceProvider;
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            finally
            {
                context.Items.Remove(Key);
            }
        }
    }

    /// <summary>The implementation of a call, from the scope this interceptor opened for it.</summary>
    public static TImplementation Resolve<TImplementation>(RpcCallContext context)
        where TImplementation : notnull
    {
        if (!context.Items.TryGetValue(Key, out object? provider) || provider is not IServiceProvider services)
        {
            throw new InvalidOperationException($"No dependency-injection scope is open for the call to {context.QualifiedName}.");
        }

        return services.GetRequiredService<TImplementation>();
    }
}
