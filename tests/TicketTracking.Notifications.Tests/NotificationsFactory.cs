using TicketTracking.Notifications.Data;
using TicketTracking.Testing;

namespace TicketTracking.Notifications.Tests;

public sealed class NotificationsFactory : ServiceFactory<NotificationsApp, NotificationsDbContext>;
