using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using TicketTracking.Eventing.Outbox;
using TicketTracking.Protos.Common.V1;
using TicketTracking.Protos.Tickets.V1;
using TicketTracking.Testing;
using BuiltInDepartments = TicketTracking.Tickets.Domain.BuiltInDepartments;

namespace TicketTracking.Tickets.Tests;

/// <summary>Editing and moving tickets through the service: concurrency, permissions, history and one event per change.</summary>
public sealed class TicketLifecycleTests(TicketsFactory factory) : IClassFixture<TicketsFactory>
{
    private static readonly TestIdentity Coordinator = TestIdentity.User("tickets.create", "tickets.read.own", "tickets.read.all", "tasks.act", "tasks.transfer");

    private TicketService.TicketServiceClient As(TestIdentity identity) => new(factory.ChannelAs(identity));

    private async Task<(Ticket Ticket, TestIdentity Requester)> FileAsync()
    {
        var requester = TestIdentity.User("tickets.create", "tickets.read.own");
        var ticket = (await As(requester).CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Keyboard missing keys",
            Description = "The E and the R.",
            RequesterId = requester.Id.ToString(),
            DepartmentId = BuiltInDepartments.It.ToString(),
            Priority = Priority.Low,
        })).Ticket;
        return (ticket, requester);
    }

    private Task<int> EventsAsync(string topic, string ticketId) =>
        factory.WithDatabase(db => db.Set<OutboxMessage>().CountAsync(m => m.Topic == topic && m.AggregateId == ticketId));

    [Fact]
    public async Task A_stale_version_is_refused_as_a_conflict_and_does_not_overwrite_the_newer_edit()
    {
        var (ticket, _) = await FileAsync();
        await As(Coordinator).UpdateTicketAsync(new UpdateTicketRequest { Number = ticket.Number, ExpectedVersion = ticket.Version, Priority = Priority.High });

        var stale = await Should.ThrowAsync<RpcException>(() => As(Coordinator).UpdateTicketAsync(
            new UpdateTicketRequest { Number = ticket.Number, ExpectedVersion = ticket.Version, Priority = Priority.Low }).ResponseAsync);

        stale.StatusCode.ShouldBe(StatusCode.Aborted);
        stale.Reason().ShouldBe("CONCURRENCY_CONFLICT");
        (await As(Coordinator).GetTicketAsync(new GetTicketRequest { Number = ticket.Number })).Ticket.Priority.ShouldBe(Priority.High);
    }

    [Fact]
    public async Task Each_change_writes_its_history_and_exactly_one_event_and_a_change_to_nothing_writes_neither()
    {
        var (ticket, requester) = await FileAsync();

        var edited = (await As(Coordinator).UpdateTicketAsync(new UpdateTicketRequest
        {
            Number = ticket.Number, Priority = Priority.Critical, Subject = "Keyboard broken", Reason = "Whole row dead.",
        })).Ticket;
        await As(Coordinator).UpdateTicketAsync(new UpdateTicketRequest { Number = ticket.Number, Priority = Priority.Critical });
        await As(Coordinator).ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.InProgress, Reason = "On it." });

        (await EventsAsync("ticket-updated", ticket.Id)).ShouldBe(1);
        (await EventsAsync("ticket-status-changed", ticket.Id)).ShouldBe(1);
        edited.Version.ShouldNotBe(ticket.Version);
        var history = (await As(requester).ListTicketHistoryAsync(new ListTicketHistoryRequest { Number = ticket.Number })).Entries;
        history.Select(e => (e.Kind, e.Field, e.OldValue, e.NewValue)).ShouldBe(
        [
            (TicketHistoryKind.Created, "", "", "New"),
            (TicketHistoryKind.FieldChanged, "subject", "Keyboard missing keys", "Keyboard broken"),
            (TicketHistoryKind.FieldChanged, "priority", "Low", "Critical"),
            (TicketHistoryKind.StatusChanged, "status", "New", "InProgress"),
        ]);
        history[1].Note.ShouldBe("Whole row dead.");
        history[3].Changed.ActorId.ShouldBe(Coordinator.Id.ToString());
    }

    [Fact]
    public async Task An_illegal_status_move_is_a_failed_precondition_and_changes_nothing()
    {
        var (ticket, _) = await FileAsync();

        var refused = await Should.ThrowAsync<RpcException>(() => As(Coordinator).ChangeTicketStatusAsync(
            new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.Closed }).ResponseAsync);

        refused.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        refused.Reason().ShouldBe("ILLEGAL_STATUS_TRANSITION");
        (await EventsAsync("ticket-status-changed", ticket.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_repeated_status_change_with_the_same_idempotency_key_happens_once()
    {
        var (ticket, _) = await FileAsync();
        var request = new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.Open, IdempotencyKey = Guid.NewGuid().ToString() };

        await As(Coordinator).ChangeTicketStatusAsync(request);
        var again = (await As(Coordinator).ChangeTicketStatusAsync(request)).Ticket;

        again.Status.ShouldBe(TicketStatus.Open);
        (await EventsAsync("ticket-status-changed", ticket.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_requester_edits_their_new_ticket_but_not_its_priority_and_cannot_move_its_status()
    {
        var (ticket, requester) = await FileAsync();

        (await As(requester).UpdateTicketAsync(new UpdateTicketRequest { Number = ticket.Number, Description = "The E, R and T." })).Ticket.Description.ShouldBe("The E, R and T.");
        var priority = await Should.ThrowAsync<RpcException>(() => As(requester).UpdateTicketAsync(new UpdateTicketRequest { Number = ticket.Number, Priority = Priority.Critical }).ResponseAsync);
        var status = await Should.ThrowAsync<RpcException>(() => As(requester).ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.Resolved }).ResponseAsync);
        await As(Coordinator).ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.Open });
        var afterNew = await Should.ThrowAsync<RpcException>(() => As(requester).UpdateTicketAsync(new UpdateTicketRequest { Number = ticket.Number, Subject = "Too late" }).ResponseAsync);

        priority.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        status.StatusCode.ShouldBe(StatusCode.PermissionDenied);
        afterNew.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task A_requester_withdraws_until_the_ticket_is_resolved()
    {
        var (first, requester) = await FileAsync();
        var withdrawn = (await As(requester).WithdrawTicketAsync(new WithdrawTicketRequest { Number = first.Number, Reason = "Found it." })).Ticket;
        var (second, secondRequester) = await FileAsync();
        await As(Coordinator).ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = second.Number, Status = TicketStatus.Resolved });

        var late = await Should.ThrowAsync<RpcException>(() => As(secondRequester).WithdrawTicketAsync(new WithdrawTicketRequest { Number = second.Number }).ResponseAsync);
        var stranger = await Should.ThrowAsync<RpcException>(() => As(requester).WithdrawTicketAsync(new WithdrawTicketRequest { Number = second.Number }).ResponseAsync);

        withdrawn.Status.ShouldBe(TicketStatus.Withdrawn);
        late.Reason().ShouldBe("NOT_WITHDRAWABLE");
        stranger.StatusCode.ShouldBe(StatusCode.NotFound);
    }

    [Fact]
    public async Task A_requester_reopens_a_resolved_ticket_with_a_reason()
    {
        var (ticket, requester) = await FileAsync();
        await As(Coordinator).ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.Resolved });

        var noReason = await Should.ThrowAsync<RpcException>(() => As(requester).ReopenTicketAsync(new ReopenTicketRequest { Number = ticket.Number }).ResponseAsync);
        var reopened = (await As(requester).ReopenTicketAsync(new ReopenTicketRequest { Number = ticket.Number, Reason = "Still broken." })).Ticket;

        noReason.ViolatedFields().ShouldBe(["reason"]);
        reopened.Status.ShouldBe(TicketStatus.Open);
        reopened.ResolvedAt.ShouldBeNull();
    }
}

public sealed class ReopenWindowTests(NoReopenWindowFactory factory) : IClassFixture<NoReopenWindowFactory>
{
    [Fact]
    public async Task After_the_window_only_staff_can_reopen()
    {
        var requester = TestIdentity.User("tickets.create", "tickets.read.own");
        var staff = TestIdentity.User("tickets.read.all", "tasks.act");
        var asRequester = new TicketService.TicketServiceClient(factory.ChannelAs(requester));
        var asStaff = new TicketService.TicketServiceClient(factory.ChannelAs(staff));
        var ticket = (await asRequester.CreateTicketAsync(new CreateTicketRequest
        {
            Subject = "Mouse", Description = "Double clicks.", RequesterId = requester.Id.ToString(),
            DepartmentId = BuiltInDepartments.It.ToString(), Priority = Priority.Low,
        })).Ticket;
        await asStaff.ChangeTicketStatusAsync(new ChangeTicketStatusRequest { Number = ticket.Number, Status = TicketStatus.Resolved });

        var late = await Should.ThrowAsync<RpcException>(() => asRequester.ReopenTicketAsync(new ReopenTicketRequest { Number = ticket.Number, Reason = "Again." }).ResponseAsync);
        var byStaff = (await asStaff.ReopenTicketAsync(new ReopenTicketRequest { Number = ticket.Number, Reason = "Requester called." })).Ticket;

        late.Reason().ShouldBe("REOPEN_WINDOW_PASSED");
        byStaff.Status.ShouldBe(TicketStatus.Open);
    }
}
