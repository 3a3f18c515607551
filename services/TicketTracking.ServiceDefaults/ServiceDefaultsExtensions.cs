using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Hosting;
using TicketTracking.ServiceDefaults.Secrets;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.ServiceDefaults.Telemetry;

namespace TicketTracking.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Everything every app shares: Kestrel ports, logging, telemetry, health checks, problem details, and a gRPC
    /// server with reflection, the health service, error mapping and access control (every RPC's declared access, checked
    /// against a locally validated access token). <paramref name="appId"/> is the app id of
    /// ARCHITECTURE.md §2 (service name in logs and traces, CloudEvent source).
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string appId)
    {
        builder.AddSecrets(appId);
        builder.Services.AddSingleton(new AppIdentity(appId));
        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelSetup>();

        builder.Logging.ClearProviders();
        if (builder.Environment.IsProduction())
            builder.Logging.AddJsonConsole(options => options.UseUtcTimestamp = true);
        else
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.AddTelemetry(appId);

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: [HealthTags.Live]);
        builder.Services.AddProblemDetails();
        builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<AccessControlInterceptor>();
        });
        builder.AddAccessControl();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        return builder;
    }

    /// <summary><c>/healthz</c> (live), <c>/readyz</c> (every dependency), <c>/metrics</c>, gRPC health and reflection.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) });
        app.MapHealthChecks("/readyz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}

/// <summary>The running app's id (ARCHITECTURE.md §2).</summary>
public sealed record AppIdentity(string AppId);
