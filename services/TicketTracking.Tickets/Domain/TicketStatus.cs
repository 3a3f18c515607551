namespace TicketTracking.Tickets.Domain;

public enum TicketStatus
{
    New = 1,
    Open = 2,
    InProgress = 3,
    OnHold = 4,
    Pending = 5,
    Resolved = 6,
    Closed = 7,
    Rejected = 8,
    Withdrawn = 9,
}
