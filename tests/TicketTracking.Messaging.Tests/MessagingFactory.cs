using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TicketTracking.Messaging.Data;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using TicketTracking.Tickets;
using TicketTracking.Tickets.Data;

namespace TicketTracking.Messaging.Tests;

/// <summary>Messaging in memory, asking a real Tickets service (in memory, own database) who may read which ticket.</summary>
public sealed class MessagingFactory : ServiceFactory<MessagingApp, MessagingDbContext>
{
    public ServiceFactory<TicketsApp, TicketsDbContext> Tickets { get; } = new();

    /// <summary>Files a ticket for <paramref name="requester"/> (tooling files it on their behalf) and returns its number.</summary>
    public async Task<string> NewTicketAsync(TestIdentity requester) =>
        (await new TicketService.TicketServiceClient(Tickets.Channel).CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Printer jams",
            Description = "Every second page.",
            RequesterId = requester.Id.ToString(),
            DepartmentId = TicketTracking.Tickets.Domain.BuiltInDepartments.It.ToString(),
            Priority = Priority.Medium,
        })).Ticket.Number;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Services:Tickets", "http://tickets.test");
        builder.ConfigureTestServices(services => services
            .AddGrpcClient<TicketService.TicketServiceClient>()
            .ConfigurePrimaryHttpMessageHandler(() => Tickets.Server.CreateHandler()));
    }

    public override async ValueTask InitializeAsync()
    {
        await Tickets.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Tickets.DisposeAsync();
    }
}
