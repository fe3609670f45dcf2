using Arith;
using Clamator;

/// <summary>The calls the demo makes, whatever the transport.</summary>
internal static class Demo
{
    public static async Task RunAsync(IClamatorClient client)
    {
        AddResult sum = await client.CallAsync(ArithContract.Add, new AddParams { A = 2, B = 3 });
        Console.WriteLine($"arith.add(2, 3)          = {sum.Sum}");

        DivideResult q = await client.CallAsync(ArithContract.Divide, new DivideParams { A = 10, B = 4 });
        Console.WriteLine($"arith.divide(10, 4)      = {q.Q}");

        try
        {
            await client.CallAsync(ArithContract.Divide, new DivideParams { A = 1, B = 0 });
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"arith.divide(1, 0)       → RpcException {ex.Code}: {ex.Message}");
        }

        try
        {
            await client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = -1 });
        }
        catch (ClamatorProtocolException ex)
        {
            Console.WriteLine($"arith.slowAdd(sleepMs=-1) → refused before sending: {ex.Message}");
        }

        try
        {
            await client.CallAsync(ArithContract.SlowAdd, new SlowAddParams { A = 1, B = 2, SleepMs = 500 }, TimeSpan.FromMilliseconds(100));
        }
        catch (ClamatorTransportException ex)
        {
            Console.WriteLine($"arith.slowAdd(500 ms) with a 100 ms timeout → {ex.Message}");
        }

        EchoTextResult echo = await client.CallAsync(ArithContract.EchoText, new EchoTextParams { Text = "héllo ✓" });
        Console.WriteLine($"arith.echoText           = {echo.Text}");
    }
}
