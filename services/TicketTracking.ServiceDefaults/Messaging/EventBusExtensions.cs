using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TicketTracking.ServiceDefaults.Hosting;

namespace TicketTracking.ServiceDefaults.Messaging;

public static class EventBusExtensions
{
    /// <summary>Registers the event-bus settings and a readiness check on the broker (or on the Dapr sidecar).</summary>
    public static IHostApplicationBuilder AddEventBusConnection(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(RabbitMqConnection)))
            return builder;
        builder.Services.AddOptions<EventBusOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                configuration.GetSection(EventBusOptions.Section).Bind(options);
                options.RabbitMqConnectionString ??= configuration["RabbitMq:ConnectionString"];
                if (int.TryParse(configuration["DAPR_HTTP_PORT"], out var daprPort))
                    options.DaprHttpPort = daprPort;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RabbitMqConnection>();
        builder.Services.AddHttpClient(BrokerHealthCheck.SidecarHttpClient);
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("broker", services => ActivatorUtilities.CreateInstance<BrokerHealthCheck>(services),
                HealthStatus.Unhealthy, [HealthTags.Ready], TimeSpan.FromSeconds(3)));
        return builder;
    }
}
