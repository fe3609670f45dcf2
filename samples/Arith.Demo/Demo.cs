using Arith;
using Clamator;

/// <summary>The calls the demo makes, whatever the transport.</summary>
internal static class Demo
{
    public static async Task RunAsync(IClamatorClient client)
    {
        SumResult sum = await client.CallAsync(ArithContract.Add, new AddParams(2, 3));
        Console.WriteLine($"arith.add(2, 3)          = {sum.Sum}");

        QuotientResult q = await client.CallAsync(ArithContract.Divide, new AddParams(10, 4));
        Console.WriteLine($"arith.divide(10, 4)      = {q.Q}");

        try
        {
            await client.CallAsync(ArithContract.Divide, new AddParams(1, 0));
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"arith.divide(1, 0)       → RpcException {ex.Code}: {ex.Message}");
        }

        try
        {
            await client.CallAsync(ArithContract.SlowAdd, new SlowAddParams(1, 2, -1));
        }
        catch (ClamatorProtocolException ex)
        {
            Console.WriteLine($"arith.slowAdd(sleepMs=-1) → refused before sending: {ex.Message}");
        }

        try
        {
            await client.CallAsync(ArithContract.SlowAdd, new SlowAddParams(1, 2, 500), TimeSpan.FromMilliseconds(100));
        }
        catch (ClamatorTransportException ex)
        {
            Console.WriteLine($"arith.slowAdd(500 ms) with a 100 ms timeout → {ex.Message}");
        }

        TextMessage echo = await client.CallAsync(ArithContract.EchoText, new TextMessage("héllo ✓"));
        Console.WriteLine($"arith.echoText           = {echo.Text}");
    }
}
