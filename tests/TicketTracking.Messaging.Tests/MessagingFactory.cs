using TicketTracking.Messaging.Data;
using TicketTracking.Testing;

namespace TicketTracking.Messaging.Tests;

public sealed class MessagingFactory : ServiceFactory<MessagingApp, MessagingDbContext>;
