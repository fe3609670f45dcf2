// A Generic Host worker that serves the `arith` service over Redis Streams, with logging and OpenTelemetry traces (as
// each span ends) and metrics (every minute and at exit) printed to the console. Run it against a Redis:
//   dotnet run --project samples/Worker
// Settings come from configuration: Clamator:Url (default $REDIS_URL or redis://localhost:6379), Clamator:KeyPrefix
// (default "clamator"), … — e.g. the environment variable Clamator__Url=redis://host:6379 or --Clamator:Url=redis://host:6379.
using Arith;
using Clamator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);

builder.Services.AddClamator(clamator => clamator
    .UseRedis(options => options.KeyPrefix ??= "clamator")   // the same prefix as the WebApi sample and the interop drivers
    .AddService<IArithService, ArithService>());             // ArithService: resolved from a new DI scope per call

builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("arith-worker"))
    .WithTracing(tracing => tracing.AddSource(ClamatorDiagnostics.ActivitySourceName).AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter(ClamatorDiagnostics.MeterName).AddConsoleExporter());

await builder.Build().RunAsync();
