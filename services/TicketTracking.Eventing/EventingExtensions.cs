using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Eventing.Transport;
using TicketTracking.ServiceDefaults.Messaging;

namespace TicketTracking.Eventing;

public static class EventingExtensions
{
    /// <summary>
    /// Publishing through the outbox of <typeparamref name="TContext"/> (which must call
    /// <see cref="OutboxModel.AddOutbox"/>): stage events with <see cref="EventOutbox"/>; the relay publishes them.
    /// </summary>
    public static IHostApplicationBuilder AddEventPublishing<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.AddEventBusConnection();
        builder.Services.AddSingleton<EventOutbox>();
        if (UsesRabbitMq(builder))
        {
            builder.Services.AddSingleton<IEventTransport, RabbitMqPublisher>();
        }
        else
        {
            builder.Services.AddDaprClient();
            builder.Services.AddSingleton<IEventTransport, DaprPublisher>();
        }
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        return builder;
    }

    /// <summary>Subscribes this app to <typeparamref name="TEvent"/>'s topic, handled by <typeparamref name="THandler"/>.</summary>
    public static IHostApplicationBuilder AddEventConsumer<TEvent, THandler>(this IHostApplicationBuilder builder)
        where TEvent : IMessage<TEvent>, new()
        where THandler : class, IEventConsumer<TEvent>
    {
        builder.AddEventBusConnection();
        builder.Services.AddScoped<THandler>();
        builder.Services.AddSingleton(EventSubscription.For<TEvent, THandler>());
        if (!builder.Services.Any(s => s.ServiceType == typeof(EventDispatcher)))
        {
            builder.Services.AddSingleton<EventDispatcher>();
            if (UsesRabbitMq(builder))
                builder.Services.AddHostedService<RabbitMqSubscriber>();
        }
        return builder;
    }

    private static bool UsesRabbitMq(IHostApplicationBuilder builder) =>
        builder.Configuration[$"{EventBusOptions.Section}:Transport"] == "rabbitmq";
}
