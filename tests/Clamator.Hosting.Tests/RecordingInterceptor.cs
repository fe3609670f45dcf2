namespace Clamator.Tests;

/// <summary>Records the calls it sees, with the side it ran on.</summary>
public sealed class RecordingInterceptor : IRpcInterceptor
{
    private readonly List<string> _seen = [];

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public async ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next)
    {
        lock (_seen)
        {
            _seen.Add(context.QualifiedName);
        }

        return await next(context);
    }
}

/// <summary>A second recorder type, so client and server recorders are distinct singletons.</summary>
public sealed class ClientRecordingInterceptor : IRpcInterceptor
{
    public RecordingInterceptor Inner { get; } = new();

    public ValueTask<RpcOutcome> InterceptAsync(RpcCallContext context, RpcCallHandler next) => Inner.InterceptAsync(context, next);
}
