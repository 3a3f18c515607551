using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Eventing;
using TicketTracking.Eventing.Inbound;
using TicketTracking.Protos.Events.V1;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Tickets.Tests;

public class TicketsFactory : ServiceFactory<TicketsApp, TicketsDbContext>
{
    /// <summary>
    /// Delivers Auth's <c>department-changed</c> event to the inbound dispatcher, the path both transports feed (the
    /// test broker's shared queue would let any other Tickets under test take it).
    /// </summary>
    public Task<HandlerResult> DeliverAsync(DepartmentChanged change, Guid eventId) =>
        Services.GetRequiredService<EventDispatcher>().DispatchAsync(
            EventTopics.For<DepartmentChanged>(), CloudEventEnvelope.Encode(eventId, "auth", change, DateTimeOffset.UtcNow), CancellationToken.None);

    /// <summary>A department of the test's own, created in the read copy as Auth's first event about it does.</summary>
    public async Task<string> NewDepartmentAsync(bool active = true)
    {
        var id = Guid.CreateVersion7();
        var result = await DeliverAsync(new DepartmentChanged
        {
            DepartmentId = id.ToString(),
            AggregateVersion = 1,
            Code = $"T{id:N}"[..16].ToUpperInvariant(),
            Name = $"Test {id:N}",
            Active = active,
            Created = true,
        }, Guid.CreateVersion7());
        result.ShouldBe(HandlerResult.Success);
        return id.ToString();
    }
}

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
