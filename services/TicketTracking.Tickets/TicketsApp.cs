using TicketTracking.Eventing;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.Tickets.Data;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Tickets;

/// <summary>Marker for <c>WebApplicationFactory&lt;TicketsApp&gt;</c>: tickets, attachments, history, search.</summary>
public sealed class TicketsApp;

public static class TicketsServiceRegistration
{
    public static WebApplicationBuilder AddTicketsServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceDatabase<TicketsDbContext>();
        builder.AddEventPublishing<TicketsDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<TicketsOptions>().BindConfiguration(TicketsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
