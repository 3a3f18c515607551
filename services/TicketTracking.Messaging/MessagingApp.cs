using TicketTracking.Messaging.Data;
using TicketTracking.Messaging.Grpc;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Messaging;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Messaging;

/// <summary>Marker for <c>WebApplicationFactory&lt;MessagingApp&gt;</c>: the conversation on each ticket.</summary>
public sealed class MessagingApp;

public static class MessagingServiceRegistration
{
    public static WebApplicationBuilder AddMessagingServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceDatabase<MessagingDbContext>();
        builder.AddEventBusConnection();
        builder.Services.AddSingleton(TimeProvider.System);
        // Whether a caller may read a ticket lives in Tickets: Messaging asks, with the caller's own token.
        builder.AddServiceClient<TicketService.TicketServiceClient>("Tickets").WithCallerToken();
        builder.Services.AddScoped<TicketAccess>();
        return builder;
    }
}
