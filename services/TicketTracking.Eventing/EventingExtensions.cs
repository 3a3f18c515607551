using Dapr.AspNetCore;
using Google.Protobuf;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Eventing.Transport;
using TicketTracking.ServiceDefaults.Messaging;

namespace TicketTracking.Eventing;

public static class EventingExtensions
{
    /// <summary>The authentication scheme (and policy) name Dapr.AspNetCore registers for the app token.</summary>
    private const string DaprScheme = "Dapr";

    /// <summary>
    /// Publishing through the outbox of <typeparamref name="TContext"/> (which must call
    /// <see cref="OutboxModel.AddOutbox"/>): stage events with <see cref="EventOutbox"/>; the relay publishes them.
    /// </summary>
    public static IHostApplicationBuilder AddEventPublishing<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.AddEventBusConnection();
        builder.Services.AddSingleton<EventOutbox>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxCommitInterceptor>();
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
            {
                builder.Services.AddHostedService<RabbitMqSubscriber>();
            }
            else
            {
                // daprd presents APP_API_TOKEN on every delivery; without one, anyone could post events.
                builder.Services.AddAuthentication().AddDapr();
                builder.Services.AddOptions<DaprAuthenticationOptions>(DaprScheme)
                    .Configure<IConfiguration>((options, configuration) => options.Token = configuration["APP_API_TOKEN"])
                    .Validate(options => !string.IsNullOrEmpty(options.Token),
                        "APP_API_TOKEN is missing: with EventBus:Transport=dapr the sidecar must authenticate its deliveries.")
                    .ValidateOnStart();
                builder.Services.AddAuthorization(options => options.AddDapr());
            }
        }
        return builder;
    }

    private static bool UsesRabbitMq(IHostApplicationBuilder builder) => UsesRabbitMq(builder.Configuration);

    /// <summary>
    /// Read from configuration, not from the validated options: services are chosen before the host starts, and a bad
    /// value must reach start-up validation (and its clear message) rather than fail here.
    /// </summary>
    internal static bool UsesRabbitMq(IConfiguration configuration) =>
        configuration[$"{EventBusOptions.Section}:Transport"] == "rabbitmq";
}
