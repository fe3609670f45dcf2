using System.CommandLine;
using System.Text.Json;
using Clamator.OverRedis;

namespace Clamator.Cli;

/// <summary>
/// <c>clamator call &lt;service.method&gt; ['&lt;json&gt;'] [--timeout 5s]</c> and <c>clamator notify …</c>: a request (or a
/// notification) sent as a client of this project sends it, with its own reply stream, deleted when it ends; nothing is
/// sent to a service whose consumer group does not exist (no server ever served it under the prefix).
/// </summary>
internal static class CallCommand
{
    public static Command Create(CliOptions options, CliConsole console, bool notification)
    {
        var method = new Argument<string>("method")
        {
            Description = "<service>.<method>, e.g. arith.add",
            Validators =
            {
                result =>
                {
                    string name = result.Tokens is [{ Value: var v }] ? v : string.Empty;
                    if (!RpcNames.TrySplit(name, out string service, out string m) || !RpcNames.IsValidService(service) || !RpcNames.IsValidMethod(m))
                    {
                        result.AddError($"'{name}' is not <service>.<method> (service ^[a-z][a-z0-9-]*$, method ^[a-z][a-zA-Z0-9]*$).");
                    }
                },
            },
        };
        var parameters = new Argument<string>("params")
        {
            Description = "The params, a JSON object",
            DefaultValueFactory = _ => "{}",
            Validators = { result => { if (result.Tokens is [{ Value: var json }] && ParamsProblem(json) is { } problem) { result.AddError(problem); } } },
        };
        Option<string> timeout = CliOptions.Duration("--timeout", "How long to wait for the reply", "5s");
        var command = notification
            ? new Command("notify", "Send a notification (never answered); exits 0 once Redis has it") { method, parameters }
            : new Command("call", "Call a method; prints the result JSON (exit 0) or the JSON-RPC error object on stderr (exit 1)") { method, parameters,
                timeout };
        ClamatorCommand.SetAction(command, options, console, (result, run, cancellationToken) =>
            RunAsync(run, result.GetRequiredValue(method), result.GetRequiredValue(parameters), notification ? null : CliOptions.DurationOf(result, timeout),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliRun run, string method, string json, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using JsonDocument parameters = JsonDocument.Parse(json);
        RpcNames.TrySplit(method, out string service, out _);
        await using (RedisAdmin admin = await run.AdminAsync(cancellationToken).ConfigureAwait(false))
        {
            // No group: no server ever served it here, and the request would wait in a stream nobody reads or trims.
            if ((await admin.GetServiceAsync(service, cancellationToken).ConfigureAwait(false)).Group is null)
            {
                // Under a prefix with no services at all, the prefix is the likelier mistake: name the ones there are.
                string others = (await admin.ListServicesAsync(cancellationToken).ConfigureAwait(false)).Count == 0
                    ? " " + await PrefixHint.OthersAsync(admin, cancellationToken).ConfigureAwait(false)
                    : string.Empty;
                await run.ErrorAsync(
                    $"nobody serves '{service}' under prefix '{run.Prefix}': {run.Prefix}:cmds:{service} has no consumer group '{service}'; nothing " +
                    $"sent.{others}").ConfigureAwait(false);
                return ExitCodes.Transport;
            }
        }

        await using var client = new RedisRpcClient(new RedisRpcClientOptions
        {
            Url = run.Url,
            KeyPrefix = run.Prefix,
            DefaultTimeout = timeout ?? TimeSpan.FromSeconds(30),
            TimeProvider = run.Console.Time,
        });
        await client.StartAsync(cancellationToken).ConfigureAwait(false);
        if (timeout is null)
        {
            await client.NotifyAsync(method, parameters.RootElement, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            JsonElement result = await client.CallAsync(method, parameters.RootElement, timeout, cancellationToken).ConfigureAwait(false);
            await run.WriteJsonAsync(result.WriteTo, line: true).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (RpcException error)
        {
            await run.Console.Error.WriteLineAsync(ErrorJson(error)).ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The error object of the reply, <c>{"code":…,"message":…,"data":…}</c>, on one line.</summary>
    private static string ErrorJson(RpcException error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(
            buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WritePropertyName("data");
            if (error.Data is { } data)
            {
                data.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? ParamsProblem(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "params must be a JSON object, e.g. '{\"a\":2,\"b\":3}'.";
        }
        catch (JsonException e)
        {
            return $"params are not JSON: {e.Message}";
        }
    }
}
