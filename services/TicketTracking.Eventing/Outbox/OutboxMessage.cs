namespace TicketTracking.Eventing.Outbox;

/// <summary>
/// An event waiting to leave the service: written in the same transaction as the change it describes, published by
/// the relay, then marked sent (and pruned later).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    public required string Topic { get; init; }

    /// <summary>The id of the aggregate the event is about, for ordering and tracing.</summary>
    public required string AggregateId { get; init; }

    /// <summary>The whole CloudEvent, exactly as it is published.</summary>
    public required byte[] Envelope { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}
