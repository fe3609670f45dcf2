using System.Runtime.InteropServices;

namespace Clamator.Cli;

/// <summary>The <c>clamator</c> entry point.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Ctrl+C stops the command (watch ends its live view and exits 0); a second one ends the process.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };

        // SIGTERM (a supervisor, kill) stops it the same way.
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        return await ClamatorCommand.RunAsync(args, CliConsole.System(), cancellation.Token).ConfigureAwait(false);
    }
}
