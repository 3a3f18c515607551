using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TicketTracking.ServiceDefaults.Telemetry;

internal static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics named after the app id; metrics are scraped at <c>/metrics</c>, and both go to an OTLP
    /// collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static void AddTelemetry(this IHostApplicationBuilder builder, string appId)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(appId))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Npgsql").AddPrometheusExporter();
                if (otlp)
                    metrics.AddOtlpExporter();
            });
        // Traces only when a collector takes them: without an exporter every request would still build its spans
        // (an activity per request, call and query) just to drop them, which costs CPU and memory on every app.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                .AddGrpcClientInstrumentation().AddHttpClientInstrumentation().AddNpgsql()
                .AddOtlpExporter());
        }
    }

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
