using Grpc.Core;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

/// <summary>Object-level rules in Tickets: requesters file and read their own tickets; staff with read.all any.</summary>
public sealed class TicketVisibilityTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private static readonly TestIdentity Requester = TestIdentity.User("tickets.create", "tickets.read.own");
    private static readonly TestIdentity OtherRequester = TestIdentity.User("tickets.create", "tickets.read.own");
    private static readonly TestIdentity Coordinator = TestIdentity.User("tickets.create", "tickets.read.own", "tickets.read.all");

    private TicketService.TicketServiceClient As(TestIdentity identity) => new(factory.ChannelAs(identity));

    private static CreateTicketRequest For(TestIdentity requester) => new()
    {
        Subject = "Monitor flickers",
        Description = "Since Monday.",
        RequesterId = requester.Id.ToString(),
        DepartmentId = BuiltInDepartments.It.ToString(),
        Priority = Priority.Low,
    };

    [Fact]
    public async Task A_requester_reads_their_own_ticket_and_another_requesters_ticket_is_not_found()
    {
        var ticket = (await As(Requester).CreateTicketAsync(For(Requester))).Ticket;

        (await As(Requester).GetTicketAsync(new GetTicketRequest { Number = ticket.Number })).Ticket.Id.ShouldBe(ticket.Id);
        var hidden = await Should.ThrowAsync<RpcException>(() => As(OtherRequester).GetTicketAsync(new GetTicketRequest { Number = ticket.Number }).ResponseAsync);
        hidden.StatusCode.ShouldBe(StatusCode.NotFound);
        (await As(Coordinator).GetTicketAsync(new GetTicketRequest { Number = ticket.Number })).Ticket.Id.ShouldBe(ticket.Id);
    }

    [Fact]
    public async Task Only_staff_who_see_every_ticket_may_file_one_for_someone_else()
    {
        var refused = await Should.ThrowAsync<RpcException>(() => As(Requester).CreateTicketAsync(For(OtherRequester)).ResponseAsync);
        var onBehalf = (await As(Coordinator).CreateTicketAsync(For(OtherRequester))).Ticket;

        refused.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        refused.Reason().ShouldBe("OBJECT_ACCESS_DENIED");
        onBehalf.RequesterId.ShouldBe(OtherRequester.Id.ToString());
    }
}
