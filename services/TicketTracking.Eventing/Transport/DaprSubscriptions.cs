using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Eventing.Inbound;
using TicketTracking.ServiceDefaults;

namespace TicketTracking.Eventing.Transport;

/// <summary>
/// The dapr transport's inbound side: <c>/dapr/subscribe</c> lists one route per topic, and daprd POSTs each
/// delivery there. The raw CloudEvent is read (no UseCloudEvents, which would lose the id) and the dispatcher's
/// outcome is answered as Dapr's status contract — never a 404, which daprd would take as "drop silently".
/// </summary>
public static class DaprSubscriptions
{
    /// <summary>Maps the subscription routes when the app runs with <c>EventBus:Transport=dapr</c>; otherwise nothing.</summary>
    public static WebApplication MapEventSubscriptions(this WebApplication app)
    {
        var dispatcher = app.Services.GetService<EventDispatcher>();
        if (dispatcher is null || EventingExtensions.UsesRabbitMq(app.Configuration))
            return app;

        var appId = app.Services.GetRequiredService<AppIdentity>().AppId;
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSubscribeHandler();
        foreach (var topic in dispatcher.Topics)
        {
            app.MapPost($"/events/{topic}", async (HttpRequest request, EventDispatcher events, CancellationToken cancellationToken) =>
                {
                    using var body = new MemoryStream();
                    await request.Body.CopyToAsync(body, cancellationToken);
                    var result = await events.DispatchAsync(topic, body.ToArray(), cancellationToken);
                    return Results.Ok(new { status = result.ToString().ToUpperInvariant() });
                })
                .WithTopic(new TopicOptions
                {
                    PubsubName = DaprPublisher.PubSubName,
                    Name = topic,
                    // The exchange our RabbitMQ topology binds to dlq-{queue}: one dead-letter queue whichever transport ran.
                    DeadLetterTopic = $"dlx-{RabbitMqTopology.QueueName(appId, topic)}",
                })
                .RequireAuthorization("Dapr");
        }
        return app;
    }
}
