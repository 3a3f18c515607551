using TicketTracking.Eventing;
using TicketTracking.NotificationWorker.Events;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Protos.Notifications.V1;
using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.ServiceDefaults.Messaging;
using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.NotificationWorker;

/// <summary>
/// Marker for <c>WebApplicationFactory&lt;NotificationWorkerApp&gt;</c>: turns integration events into in-app
/// notifications and emails. Owns no database: it acts through the Notifications service.
/// </summary>
public sealed class NotificationWorkerApp;

public static class NotificationWorkerServiceRegistration
{
    public static WebApplicationBuilder AddNotificationWorkerServices(this WebApplicationBuilder builder)
    {
        builder.AddSigningKeysFromAuth();
        builder.AddServiceAccount();
        builder.AddEventBusConnection();
        builder.AddServiceClient<NotificationService.NotificationServiceClient>("Notifications").WithServiceAccountToken();
        builder.AddEventConsumer<TicketCreated, TicketReceivedConsumer>();
        builder.AddServiceClient<EmailService.EmailServiceClient>("Notifications").WithServiceAccountToken();
        builder.Services.AddScoped<AccountMailSender>();
        builder.AddEventConsumer<UserInvited, UserInvitedConsumer>();
        builder.AddEventConsumer<PasswordResetRequested, PasswordResetRequestedConsumer>();
        builder.AddEventConsumer<OtpRequested, OtpRequestedConsumer>();
        builder.AddEventConsumer<AccountLocked, AccountLockedConsumer>();
        return builder;
    }
}
