using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using TicketTracking.Tickets.Data;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

/// <summary>Tickets on the dapr transport, publishing through a stub sidecar that records what daprd would receive.</summary>
public sealed class DaprPublishTests : IAsyncLifetime
{
    private StubDaprSidecar _sidecar = null!;
    private DaprTicketsFactory _tickets = null!;

    public async ValueTask InitializeAsync()
    {
        _sidecar = await StubDaprSidecar.StartAsync();
        _tickets = new DaprTicketsFactory(_sidecar.GrpcEndpoint);
        await _tickets.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _tickets.DisposeAsync();
        await _sidecar.DisposeAsync();
    }

    private async Task<Ticket> CreateTicket() => (await new TicketService.TicketServiceClient(_tickets.Channel).CreateTicketAsync(new CreateTicketRequest
    {
        Subject = "Phone line dead",
        Description = "Desk 4.12.",
        RequesterId = Guid.CreateVersion7().ToString(),
        DepartmentId = BuiltInDepartments.It.ToString(),
        Priority = Priority.High,
    })).Ticket;

    private Task<OutboxMessage> Row(Ticket ticket) =>
        _tickets.WithDatabase(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.AggregateId == ticket.Id));

    private static Task WaitUntil(Func<Task<bool>> condition) => Eventually.Until(condition, TimeSpan.FromSeconds(15));

    [Fact]
    public async Task The_sidecar_receives_our_cloud_event_byte_for_byte_on_the_pubsub_topic()
    {
        var ticket = await CreateTicket();
        var row = await Row(ticket);

        await WaitUntil(() => Task.FromResult(_sidecar.Published.Any(p => p.Data.ToByteArray().SequenceEqual(row.Envelope))));

        var publish = _sidecar.Published.Single(p => p.Data.ToByteArray().SequenceEqual(row.Envelope));
        publish.PubsubName.ShouldBe("pubsub");
        publish.Topic.ShouldBe("ticket-created");
        publish.DataContentType.ShouldBe("application/cloudevents+json");
        await WaitUntil(async () => (await Row(ticket)).SentAt is not null);
    }

    [Fact]
    public async Task An_unavailable_sidecar_leaves_the_event_pending_with_backoff_until_it_is_back()
    {
        _sidecar.Unavailable = true;
        var ticket = await CreateTicket();

        await WaitUntil(async () => (await Row(ticket)).Attempts > 0);
        var pending = await Row(ticket);
        pending.SentAt.ShouldBeNull();
        pending.NextAttemptAt.ShouldBeGreaterThan(pending.CreatedAt);
        pending.LastError.ShouldNotBeNullOrEmpty();

        _sidecar.Unavailable = false;
        await WaitUntil(async () => (await Row(ticket)).SentAt is not null);
        _sidecar.Published.Count(p => p.Data.ToByteArray().SequenceEqual(pending.Envelope)).ShouldBe(1);
    }

    private sealed class DaprTicketsFactory(string sidecar) : ServiceFactory<TicketsApp, TicketsDbContext>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("EventBus:Transport", "dapr");
            builder.UseSetting("APP_API_TOKEN", DaprSubscribingTickets.AppToken);
            builder.UseSetting("DAPR_GRPC_ENDPOINT", sidecar);
            builder.UseSetting("DAPR_HTTP_ENDPOINT", sidecar);
        }
    }
}
