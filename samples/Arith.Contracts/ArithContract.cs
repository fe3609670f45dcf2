using Clamator;

namespace Arith;

/// <summary>The handlers of the <c>arith</c> service.</summary>
public interface IArithService
{
    /// <summary>Returns <c>a + b</c>.</summary>
    Task<SumResult> AddAsync(AddParams p, CancellationToken cancellationToken);

    /// <summary>Sleeps <c>sleepMs</c>, then returns <c>a + b</c>.</summary>
    Task<SumResult> SlowAddAsync(SlowAddParams p, CancellationToken cancellationToken);

    /// <summary>Returns <c>a / b</c>; -32000 "division by zero" when <c>b</c> is 0.</summary>
    Task<QuotientResult> DivideAsync(AddParams p, CancellationToken cancellationToken);

    /// <summary>Returns the text it was given.</summary>
    Task<TextMessage> EchoTextAsync(TextMessage p, CancellationToken cancellationToken);
}

/// <summary>The <c>arith</c> contract: method descriptors for clients and the contract for servers.</summary>
public static class ArithContract
{
    /// <summary>The service name.</summary>
    public const string ServiceName = "arith";

    /// <summary><c>arith.add</c>.</summary>
    public static readonly RpcMethod<AddParams, SumResult> Add = new(ServiceName, "add", ArithJsonContext.Default.AddParams, ArithJsonContext.Default.SumResult);

    /// <summary><c>arith.slowAdd</c>.</summary>
    public static readonly RpcMethod<SlowAddParams, SumResult> SlowAdd = new(ServiceName, "slowAdd", ArithJsonContext.Default.SlowAddParams, ArithJsonContext.Default.SumResult);

    /// <summary><c>arith.divide</c>.</summary>
    public static readonly RpcMethod<AddParams, QuotientResult> Divide = new(ServiceName, "divide", ArithJsonContext.Default.AddParams, ArithJsonContext.Default.QuotientResult);

    /// <summary><c>arith.echoText</c>.</summary>
    public static readonly RpcMethod<TextMessage, TextMessage> EchoText = new(ServiceName, "echoText", ArithJsonContext.Default.TextMessage, ArithJsonContext.Default.TextMessage);

    /// <summary>The contract, for <see cref="IRpcServer.RegisterService{TService}"/>.</summary>
    public static readonly Contract<IArithService> Contract = Contract<IArithService>.Create(ServiceName)
        .Method(Add, static (s, p, ct) => s.AddAsync(p, ct))
        .Method(SlowAdd, static (s, p, ct) => s.SlowAddAsync(p, ct))
        .Method(Divide, static (s, p, ct) => s.DivideAsync(p, ct))
        .Method(EchoText, static (s, p, ct) => s.EchoTextAsync(p, ct))
        .Build();
}
