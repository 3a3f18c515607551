namespace TicketTracking.Tickets.Domain;

public enum SlaState
{
    None = 1,
    OnTrack = 2,
    Warning = 3,
    Breached = 4,
    Paused = 5,
    Met = 6,
}

/// <summary>
/// Workflow's view of who works a ticket, mirrored here for lists and visibility (ARCHITECTURE.md §3): the task and
/// step, the assignee and owner, everyone who ever held an item (they may read the ticket), and the SLA state.
/// </summary>
public sealed record WorkState(
    Guid? TaskId,
    string CurrentStepId,
    string CurrentStepName,
    Guid? AssigneeId,
    Guid? OwnerId,
    IReadOnlyList<Guid> ParticipantIds,
    SlaState SlaState,
    DateTimeOffset? SlaDueAt,
    long Version);
