// An ASP.NET Core minimal API that calls the `arith` worker (samples/Worker) over Redis Streams through an injected
// generated client, with a health endpoint and OpenTelemetry traces printed to the console: one trace runs from the
// HTTP request through the Clamator client span into the worker's server span. Run it against a Redis:
//   dotnet run --project samples/WebApi        then   curl 'localhost:5000/add?a=1&b=2'   ⇒ {"sum":3}
// Settings come from configuration, as in the worker: Clamator:Url (default $REDIS_URL or redis://localhost:6379),
// Clamator:KeyPrefix (default "clamator"), Clamator:DefaultTimeout, … (Clamator__Url=… or --Clamator:Url=…).
using Arith;
using Clamator;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

builder.Services.AddClamator(clamator => clamator
    .UseRedis(options => options.KeyPrefix ??= "clamator")   // the worker's prefix
    .AddClient<ArithClient>());                               // ArithClient: injectable anywhere
builder.Services.AddHealthChecks().AddClamator();
builder.Services.AddProblemDetails();

builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("arith-webapi"))
    .WithTracing(tracing => tracing
        .AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != "/health")
        .AddSource(ClamatorDiagnostics.ActivitySourceName)
        .AddConsoleExporter());

WebApplication app = builder.Build();
app.UseStatusCodePages(); // a bodiless error (a query that does not bind) gets a problem+json body

// GET /add?a=1&b=2 ⇒ {"sum":3}; a missing or malformed a or b is a 400 (minimal API binding).
app.MapGet("/add", async (double a, double b, ArithClient arith, ILogger<ArithClient> logger, CancellationToken cancellationToken) =>
{
    if (!double.IsFinite(a) || !double.IsFinite(b))
    {
        return Results.Problem("a and b must be finite numbers.", statusCode: StatusCodes.Status400BadRequest);
    }

    try
    {
        return Results.Ok(await arith.AddAsync(new AddParams { A = a, B = b }, cancellationToken));
    }
    catch (RpcException e) // the worker answered with a JSON-RPC error
    {
        return Results.Json(new { error = new { code = e.Code, message = e.Message } }, statusCode: StatusCodes.Status502BadGateway);
    }
    catch (ClamatorProtocolException e) // the reply broke the contract
    {
        logger.LogWarning(e, "The arith worker's reply broke the contract");
        return Results.Problem("The arith worker's reply broke the contract.", statusCode: StatusCodes.Status502BadGateway);
    }
    catch (ClamatorTransportException e) // not carried: a short problem by kind; the detail goes to the log, not to the caller
    {
        logger.LogWarning(e, "GET /add failed: {Kind}", e.Kind);
        return TransportProblem(e.Kind);
    }
});

app.MapHealthChecks("/health");

await app.RunAsync();

// What a caller is told when the call could not be carried: one line per kind, with the kind, and no library internals.
static IResult TransportProblem(ClamatorTransportErrorKind kind) => kind switch
{
    ClamatorTransportErrorKind.Timeout => Problem(StatusCodes.Status504GatewayTimeout, "No arith worker answered in time.", kind),
    ClamatorTransportErrorKind.NoResponders => Problem(StatusCodes.Status503ServiceUnavailable, "No arith worker is running.", kind),
    ClamatorTransportErrorKind.ConnectionFailed or ClamatorTransportErrorKind.AuthenticationFailed =>
        Problem(StatusCodes.Status503ServiceUnavailable, "The arith service is unavailable: its message broker cannot be reached.", kind),
    ClamatorTransportErrorKind.Stopped => Problem(StatusCodes.Status503ServiceUnavailable, "The service is starting or shutting down.", kind),
    ClamatorTransportErrorKind.Lost => Problem(StatusCodes.Status503ServiceUnavailable, "The request was lost by the message broker; try again.", kind),
    _ => Problem(StatusCodes.Status502BadGateway, "The message broker refused the request.", kind),
};

static IResult Problem(int status, string detail, ClamatorTransportErrorKind kind) =>
    Results.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["kind"] = kind.ToString() });
