using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Tickets.Domain;

/// <summary>Who may read which ticket (ARCHITECTURE.md §4: object-level rules live where the data lives).</summary>
public static class TicketPermissions
{
    public const string ReadOwn = "tickets.read.own";
    public const string ReadAssigned = "tickets.read.assigned";
    public const string ReadAll = "tickets.read.all";

    /// <summary>
    /// Service accounts and holders of tickets.read.all read every ticket; a requester reads their own; staff with
    /// tickets.read.assigned also read the tickets they hold or once held (Workflow's work-state mirror).
    /// </summary>
    public static bool MayRead(Caller caller, Ticket ticket) =>
        caller.IsServiceAccount
        || caller.Has(ReadAll)
        || ((caller.Has(ReadOwn) || caller.Has(ReadAssigned)) && caller.IsUser(ticket.RequesterId))
        || (caller.Has(ReadAssigned) && !caller.IsServiceAccount && ticket.ParticipantIds.Contains(caller.Id));

    /// <summary>
    /// Internal notes and attachments are for staff: service accounts, holders of tickets.read.all, and those who hold
    /// or held an item on the ticket. A requester never sees them.
    /// </summary>
    public static bool MayReadInternal(Caller caller, Ticket ticket) =>
        caller.IsServiceAccount
        || caller.Has(ReadAll)
        || (caller.Has(ReadAssigned) && ticket.ParticipantIds.Contains(caller.Id));

    /// <summary>Staff who may change the ticket: service accounts, tickets.read.all, and whoever holds its current item.</summary>
    public static bool MayWork(Caller caller, Ticket ticket) =>
        caller.IsServiceAccount
        || caller.Has(ReadAll)
        || (caller.Has(TasksAct) && ticket.AssigneeId == caller.Id);

    public const string TasksAct = "tasks.act";
}
