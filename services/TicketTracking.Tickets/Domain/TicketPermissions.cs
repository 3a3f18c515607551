using TicketTracking.ServiceDefaults.Security;

namespace TicketTracking.Tickets.Domain;

/// <summary>Who may read which ticket (ARCHITECTURE.md §4: object-level rules live where the data lives).</summary>
public static class TicketPermissions
{
    public const string ReadOwn = "tickets.read.own";
    public const string ReadAssigned = "tickets.read.assigned";
    public const string ReadAll = "tickets.read.all";

    /// <summary>
    /// Service accounts and holders of tickets.read.all read every ticket; a requester reads their own. Staff with
    /// tickets.read.assigned will also read the tickets they hold or held, once Workflow's work-state mirror records
    /// them (the tickets issue); until then they read their own like anyone.
    /// </summary>
    public static bool MayRead(Caller caller, Ticket ticket) =>
        caller.IsServiceAccount
        || caller.Has(ReadAll)
        || ((caller.Has(ReadOwn) || caller.Has(ReadAssigned)) && caller.IsUser(ticket.RequesterId));

    /// <summary>
    /// Internal notes and attachments are for staff: service accounts and holders of tickets.read.all, and (with the
    /// work-state mirror) those who hold or held an item on the ticket. A requester never sees them.
    /// </summary>
    public static bool MayReadInternal(Caller caller, Ticket ticket) =>
        MayRead(caller, ticket) && (caller.IsServiceAccount || caller.Has(ReadAll));
}
