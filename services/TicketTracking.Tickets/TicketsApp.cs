using TicketTracking.Eventing;
using TicketTracking.Protos.Auth.V1;
using TicketTracking.Protos.Events.V1;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Security;
using TicketTracking.Tickets.Data;
using TicketTracking.Tickets.Events;

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
        builder.Services.AddSingleton<MediaStore>();

        // The read copy of Auth's departments (ARCHITECTURE.md §3): events keep it current, a fill at start-up
        // catches what happened before Tickets subscribed. Tickets asks Auth as itself, with its own service account.
        builder.AddServiceAccount();
        builder.AddServiceClient<DepartmentService.DepartmentServiceClient>("Auth").WithServiceAccountToken();
        builder.AddEventConsumer<DepartmentChanged, DepartmentChangedConsumer>();
        builder.Services.AddHostedService<DepartmentFill>();
        return builder;
    }
}
