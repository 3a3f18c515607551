namespace TicketTracking.Tickets.Domain;

public enum TicketPriority
{
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
