using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Notifications;
using TicketTracking.Notifications.Data;
using TicketTracking.Testing;
using EmailClient = TicketTracking.Protos.Notifications.V1.EmailService.EmailServiceClient;
using NotificationClient = TicketTracking.Protos.Notifications.V1.NotificationService.NotificationServiceClient;

namespace TicketTracking.NotificationWorker.Tests;

/// <summary>
/// The notification worker as it runs beside a Dapr sidecar (EventBus:Transport=dapr), calling a real Notifications
/// service in memory; the tests play daprd's part over HTTP.
/// </summary>
public class DaprWorkerFactory : WebApplicationFactory<NotificationWorkerApp>, IAsyncLifetime
{
    public const string AppToken = "test-app-token";

    public NotificationsService Notifications { get; } = new();

    protected virtual bool NotificationsReachable => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("EventBus:Transport", "dapr");
        builder.UseSetting("APP_API_TOKEN", AppToken);
        builder.UseTestServiceAccount();
        builder.UseSetting("Services:Notifications", NotificationsReachable ? "http://notifications.test" : "http://127.0.0.1:1");
        if (NotificationsReachable)
        {
            builder.ConfigureTestServices(services =>
            {
                services.AddGrpcClient<NotificationClient>().ConfigurePrimaryHttpMessageHandler(() => Notifications.Server.CreateHandler());
                services.AddGrpcClient<EmailClient>().ConfigurePrimaryHttpMessageHandler(() => Notifications.Server.CreateHandler());
            });
        }
    }

    public ValueTask InitializeAsync() => Notifications.InitializeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Notifications.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The Notifications service the worker calls, sending mail to the test SMTP sink.</summary>
public sealed class NotificationsService : ServiceFactory<NotificationsApp, NotificationsDbContext>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.SendThroughSink();
    }
}

/// <summary>The same worker whose Notifications service cannot be reached.</summary>
public sealed class UnreachableNotificationsFactory : DaprWorkerFactory
{
    protected override bool NotificationsReachable => false;
}
