using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TicketTracking.ServiceDefaults.Messaging;

/// <summary>
/// Ready when events can leave the app: the broker accepts a channel (rabbitmq transport), or the sidecar reports its
/// outbound components healthy (dapr transport).
/// </summary>
internal sealed class BrokerHealthCheck(IOptions<EventBusOptions> options, RabbitMqConnection rabbitMq, IHttpClientFactory http) : IHealthCheck
{
    public const string SidecarHttpClient = "dapr-sidecar";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (options.Value.UsesRabbitMq)
            {
                var connection = await rabbitMq.GetAsync(cancellationToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                return HealthCheckResult.Healthy("RabbitMQ accepts channels.");
            }

            using var response = await http.CreateClient(SidecarHttpClient)
                .GetAsync(new Uri($"http://127.0.0.1:{options.Value.DaprHttpPort}/v1.0/healthz/outbound"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy("The Dapr sidecar's outbound components are ready.")
                : HealthCheckResult.Unhealthy($"The Dapr sidecar answered {(int)response.StatusCode}.");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The event broker is not reachable.", error);
        }
    }
}
