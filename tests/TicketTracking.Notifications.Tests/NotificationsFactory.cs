using Microsoft.AspNetCore.Hosting;
using TicketTracking.Notifications.Data;
using TicketTracking.Testing;

namespace TicketTracking.Notifications.Tests;

/// <summary>The Notifications service on its own database, sending mail to the test SMTP sink.</summary>
public class NotificationsFactory : ServiceFactory<NotificationsApp, NotificationsDbContext>
{
    public NotificationsFactory()
    {
    }

    /// <summary>A second replica on the database of <paramref name="replicaOf"/>.</summary>
    protected NotificationsFactory(NotificationsFactory replicaOf)
        : base(replicaOf)
    {
    }

    /// <summary>Another replica of this service, sharing its database (and so its mail queue).</summary>
    public NotificationsFactory Replica() => new ReplicaFactory(this);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.SendThroughSink();
    }

    private sealed class ReplicaFactory(NotificationsFactory replicaOf) : NotificationsFactory(replicaOf);
}
