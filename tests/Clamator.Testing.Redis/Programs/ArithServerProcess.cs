namespace Clamator.Tests;

/// <summary>samples/Arith.Server run as a separate process, as deployed; lines of its stdout can be awaited.</summary>
public sealed class ArithServerProcess : IAsyncDisposable
{
    private readonly RunningProgram _program;

    private ArithServerProcess(RunningProgram program) => _program = program;

    public string StandardError => _program.StandardError;

    public static async Task<ArithServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var server = new ArithServerProcess(RunningProgram.Start(DllPath(), environment: environment));
        await server.WaitForLineAsync(l => l == "READY");
        return server;
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match) => _program.WaitForLineAsync(match, "the line awaited");

    /// <summary>SIGKILL: no drain, no acks, as a crash.</summary>
    public Task KillAsync() => _program.KillAsync();

    /// <summary>SIGTERM: a graceful stop; returns the exit code.</summary>
    public Task<int> TerminateAsync() => _program.TerminateAsync();

    public ValueTask DisposeAsync() => _program.DisposeAsync();

    /// <summary>The built sample <paramref name="name"/> (Arith.Server, Arith.Client) of the same configuration as the tests.</summary>
    public static string DllPath(string name = "Arith.Server") => ProgramRun.Dll(Path.Combine("samples", name), name);
}
