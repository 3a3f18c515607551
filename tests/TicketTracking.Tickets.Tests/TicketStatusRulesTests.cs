using TicketTracking.ServiceDefaults.Grpc;
using TicketTracking.Tickets.Domain;
using static TicketTracking.Tickets.Domain.TicketStatus;

namespace TicketTracking.Tickets.Tests;

/// <summary>Every status a ticket can be in, times every status it might be asked to move to.</summary>
public sealed class TicketStatusRulesTests
{
    /// <summary>The lifecycle as the product defines it, written out independently of the code's table.</summary>
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Expected = new()
    {
        [New] = [Open, InProgress, OnHold, Pending, Resolved, Rejected, Withdrawn],
        [Open] = [InProgress, OnHold, Pending, Resolved, Rejected, Withdrawn],
        [InProgress] = [Open, OnHold, Pending, Resolved, Rejected, Withdrawn],
        [OnHold] = [Open, InProgress, Pending, Resolved, Rejected, Withdrawn],
        [Pending] = [Open, InProgress, OnHold, Resolved, Rejected, Withdrawn],
        [Resolved] = [Closed, Open],
        [Closed] = [Open],
        [Rejected] = [],
        [Withdrawn] = [],
    };

    /// <summary>How to bring a new ticket into each status.</summary>
    private static readonly Dictionary<TicketStatus, TicketStatus[]> PathTo = new()
    {
        [New] = [],
        [Open] = [Open],
        [InProgress] = [InProgress],
        [OnHold] = [OnHold],
        [Pending] = [Pending],
        [Resolved] = [Resolved],
        [Closed] = [Resolved, Closed],
        [Rejected] = [Rejected],
        [Withdrawn] = [Withdrawn],
    };

    public static TheoryData<TicketStatus, TicketStatus> EveryPair()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var from in Enum.GetValues<TicketStatus>())
            foreach (var to in Enum.GetValues<TicketStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_move_is_allowed_exactly_when_the_lifecycle_says_so(TicketStatus from, TicketStatus to)
    {
        var ticket = TicketIn(from);
        var allowed = Expected[from].Contains(to);

        if (allowed)
        {
            ticket.ChangeStatus(to, DateTimeOffset.UtcNow).ShouldBe(from);
            ticket.Status.ShouldBe(to);
        }
        else
        {
            var refused = Should.Throw<RuleViolationException>(() => ticket.ChangeStatus(to, DateTimeOffset.UtcNow));
            refused.Reason.ShouldBe("ILLEGAL_STATUS_TRANSITION");
            ticket.Status.ShouldBe(from);
        }
    }

    [Fact]
    public void Resolving_stamps_the_time_and_reopening_clears_it()
    {
        var ticket = TicketIn(Resolved);
        ticket.ResolvedAt.ShouldNotBeNull();

        ticket.Reopen(requesterWindow: TimeSpan.FromDays(14), DateTimeOffset.UtcNow);

        ticket.Status.ShouldBe(Open);
        ticket.ResolvedAt.ShouldBeNull();
    }

    [Theory]
    [InlineData(Resolved)]
    [InlineData(Closed)]
    [InlineData(Rejected)]
    [InlineData(Withdrawn)]
    public void A_finished_ticket_cannot_be_withdrawn(TicketStatus status) =>
        Should.Throw<RuleViolationException>(() => TicketIn(status).Withdraw(DateTimeOffset.UtcNow)).Reason.ShouldBe("NOT_WITHDRAWABLE");

    private static Ticket TicketIn(TicketStatus status)
    {
        var ticket = Ticket.Create("Subject", "Description", Guid.NewGuid(), Guid.NewGuid(), null, null, TicketPriority.Low, [], "{}", DateTimeOffset.UtcNow);
        foreach (var step in PathTo[status])
            ticket.ChangeStatus(step, DateTimeOffset.UtcNow);
        return ticket;
    }
}
