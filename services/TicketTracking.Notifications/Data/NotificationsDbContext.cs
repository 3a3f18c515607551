using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Inbox;
using TicketTracking.Notifications.Domain;

namespace TicketTracking.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Email> Emails => Set<Email>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.AddInbox().ApplyConfigurationsFromAssembly(typeof(NotificationsDbContext).Assembly);
}
