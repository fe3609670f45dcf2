using Arith;
using Clamator;

/// <summary>The calls the demo makes, whatever the transport, through the generated typed clients.</summary>
internal static class Demo
{
    public static async Task RunAsync(IClamatorClient client)
    {
        var arith = new ArithClient(client);
        var kitchen = new KitchenClient(client);

        AddResult sum = await arith.AddAsync(new AddParams { A = 2, B = 3 });
        Console.WriteLine($"arith.add(2, 3)          = {sum.Sum}");

        DivideResult q = await arith.DivideAsync(new DivideParams { A = 10, B = 4 });
        Console.WriteLine($"arith.divide(10, 4)      = {q.Q}");

        try
        {
            await arith.DivideAsync(new DivideParams { A = 1, B = 0 });
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"arith.divide(1, 0)       → RpcException {ex.Code}: {ex.Message}");
        }

        try
        {
            await arith.SlowAddAsync(new SlowAddParams { A = 1, B = 2, SleepMs = -1 });
        }
        catch (ClamatorProtocolException ex)
        {
            Console.WriteLine($"arith.slowAdd(sleepMs=-1) → refused before sending: {ex.Message}");
        }

        try
        {
            await arith.SlowAddAsync(new SlowAddParams { A = 1, B = 2, SleepMs = 500 }, timeout: TimeSpan.FromMilliseconds(100));
        }
        catch (ClamatorTransportException ex)
        {
            Console.WriteLine($"arith.slowAdd(500 ms) with a 100 ms timeout → {ex.Message}");
        }

        EchoTextResult echo = await arith.EchoTextAsync(new EchoTextParams { Text = "héllo ✓" });
        Console.WriteLine($"arith.echoText           = {echo.Text}");

        ShapeResult area = await kitchen.ShapeAsync(new ShapeParams { S = new ShapeParamsSCircle { R = 1 } });
        Console.WriteLine($"kitchen.shape(circle r=1) = {area.Area:F5}");
    }
}
