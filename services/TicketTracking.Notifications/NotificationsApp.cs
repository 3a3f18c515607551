using TicketTracking.Notifications.Data;
using TicketTracking.Notifications.Sending;
using TicketTracking.Notifications.Templates;
using TicketTracking.ServiceDefaults.Data;
using TicketTracking.ServiceDefaults.Messaging;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Notifications;

/// <summary>Marker for <c>WebApplicationFactory&lt;NotificationsApp&gt;</c>: in-app notifications, email, templates.</summary>
public sealed class NotificationsApp;

public static class NotificationsServiceRegistration
{
    public static WebApplicationBuilder AddNotificationsServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceDatabase<NotificationsDbContext>();
        builder.AddEventBusConnection();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<EmailDeliveryOptions>().BindConfiguration(EmailDeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<EmailRenderer>();
        builder.Services.AddHostedService<EmailSender>();
        return builder;
    }
}
