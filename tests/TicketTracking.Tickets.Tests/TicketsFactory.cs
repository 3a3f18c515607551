using TicketTracking.Testing;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Tickets.Tests;

public sealed class TicketsFactory : ServiceFactory<TicketsApp, TicketsDbContext>;
