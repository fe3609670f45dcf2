namespace Clamator.Transport;

/// <summary>Chains interceptors around the innermost step of a call: the first added runs outermost.</summary>
internal static class RpcPipeline
{
    public static RpcCallHandler Build(IReadOnlyList<IRpcInterceptor> interceptors, RpcCallHandler innermost)
    {
        RpcCallHandler next = innermost;
        for (int i = interceptors.Count - 1; i >= 0; i--)
        {
            IRpcInterceptor interceptor = interceptors[i];
            RpcCallHandler inner = next;
            next = context => interceptor.InterceptAsync(context, inner);
        }

        return next;
    }
}
