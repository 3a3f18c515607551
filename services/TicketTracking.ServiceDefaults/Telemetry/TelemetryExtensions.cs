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
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(appId))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Npgsql").AddPrometheusExporter();
                if (otlp)
                    metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                    .AddGrpcClientInstrumentation().AddHttpClientInstrumentation().AddNpgsql();
                if (otlp)
                    tracing.AddOtlpExporter();
            });
    }

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");
}
