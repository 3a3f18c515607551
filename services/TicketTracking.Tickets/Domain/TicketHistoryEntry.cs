using TicketTracking.ServiceDefaults.Grpc;

namespace TicketTracking.Tickets.Domain;

public enum TicketHistoryKind
{
    Created = 1,
    StatusChanged = 2,
    FieldChanged = 3,
    WorkStateChanged = 4,
    AttachmentAdded = 5,
}

/// <summary>One change to a ticket, for its timeline: what, from what to what, who, when, why. Never edited.</summary>
public sealed class TicketHistoryEntry
{
    private TicketHistoryEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid TicketId { get; private set; }

    public TicketHistoryKind Kind { get; private set; }

    public string Field { get; private set; } = "";

    public string OldValue { get; private set; } = "";

    public string NewValue { get; private set; } = "";

    public string Note { get; private set; } = "";

    public Guid? ActorId { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>About something only staff see (an internal attachment): hidden from requesters' timelines.</summary>
    public bool Internal { get; private set; }

    public static TicketHistoryEntry Record(
        Guid ticketId, TicketHistoryKind kind, string field, string oldValue, string newValue, string note, Guid? actorId, DateTimeOffset at, bool isInternal = false) => new()
    {
        Internal = isInternal,
        Id = Ids.New(),
        TicketId = ticketId,
        Kind = kind,
        Field = field,
        OldValue = oldValue,
        NewValue = newValue,
        Note = note,
        ActorId = actorId,
        At = at,
    };
}

/// <summary>A field a ticket change touched, as the history shows it.</summary>
public sealed record FieldChange(string Field, string OldValue, string NewValue);
