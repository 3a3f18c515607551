using Microsoft.AspNetCore.Hosting;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Tickets.Tests;

public class TicketsFactory : ServiceFactory<TicketsApp, TicketsDbContext>;

/// <summary>Tickets where a requester's reopen window has already closed the moment a ticket is resolved.</summary>
public sealed class NoReopenWindowFactory : TicketsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tickets:ReopenWindow", "00:00:00");
    }
}

/// <summary>Tickets whose "best match first" ranks three matches at a time, so a handful of tickets spans several windows.</summary>
public sealed class SmallRelevanceWindowFactory : TicketsFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tickets:RelevanceWindow", "3");
    }
}
