namespace TicketTracking.Tickets;

/// <summary>Tickets' settings (section <c>Tickets</c>).</summary>
public sealed class TicketsOptions
{
    public const string Section = "Tickets";
    public const int MaxReasonLength = 2000;

    /// <summary>How long after its resolution a requester may still reopen a ticket (staff may any time).</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);
}
