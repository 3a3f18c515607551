using static TicketTracking.Tickets.Domain.TicketStatus;

namespace TicketTracking.Tickets.Domain;

/// <summary>
/// The ticket lifecycle (ARCHITECTURE.md §3): which status may follow which. Work moves between the open states
/// freely; Resolved goes on to Closed or back to Open (reopened); Closed only back to Open; Rejected and Withdrawn
/// are final.
/// </summary>
public static class TicketStatusRules
{
    private static readonly TicketStatus[] Working = [New, Open, InProgress, OnHold, Pending];

    public static readonly IReadOnlyDictionary<TicketStatus, IReadOnlySet<TicketStatus>> Allowed = new Dictionary<TicketStatus, IReadOnlySet<TicketStatus>>
    {
        [New] = Set(Open, InProgress, OnHold, Pending, Resolved, Rejected, Withdrawn),
        [Open] = Set(InProgress, OnHold, Pending, Resolved, Rejected, Withdrawn),
        [InProgress] = Set(Open, OnHold, Pending, Resolved, Rejected, Withdrawn),
        [OnHold] = Set(Open, InProgress, Pending, Resolved, Rejected, Withdrawn),
        [Pending] = Set(Open, InProgress, OnHold, Resolved, Rejected, Withdrawn),
        [Resolved] = Set(Closed, Open),
        [Closed] = Set(Open),
        [Rejected] = Set(),
        [Withdrawn] = Set(),
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    /// <summary>Still being worked (a requester may withdraw it; it is not done).</summary>
    public static bool IsWorking(TicketStatus status) => Working.Contains(status);

    private static HashSet<TicketStatus> Set(params TicketStatus[] statuses) => [.. statuses];
}
