using Microsoft.EntityFrameworkCore;

namespace TicketTracking.Eventing.Inbox;

/// <summary>
/// A handled event (or any idempotency key) recorded by the consumer, in the same transaction as its effect: a
/// redelivery finds it and has no second effect.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>Which handler or RPC consumed it: one event may have several consumers in one service.</summary>
    public required string Consumer { get; init; }

    /// <summary>The event id, passed by workers as the call's idempotency key.</summary>
    public required string MessageId { get; init; }

    /// <summary>The id of what handling it created, so a repeated call can answer with the same result.</summary>
    public Guid? ResultId { get; init; }

    public DateTimeOffset HandledAt { get; init; }
}

public static class Inbox
{
    public const int MaxMessageIdLength = 100;

    /// <summary>Maps <c>inbox_messages</c> into a consuming service's DbContext (call from OnModelCreating).</summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.Consumer, m.MessageId });
            inbox.Property(m => m.Consumer).HasMaxLength(100);
            inbox.Property(m => m.MessageId).HasMaxLength(MaxMessageIdLength);
        });
        return modelBuilder;
    }

    /// <returns>The earlier record of this message for this consumer, or null when it is new.</returns>
    public static Task<InboxMessage?> FindHandledAsync(this DbContext db, string consumer, string messageId, CancellationToken cancellationToken) =>
        db.Set<InboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Consumer == consumer && m.MessageId == messageId, cancellationToken);

    /// <summary>Records the message as handled; it is saved by the same SaveChangesAsync as the effect.</summary>
    public static void RecordHandled(this DbContext db, string consumer, string messageId, Guid? resultId, DateTimeOffset now) =>
        db.Set<InboxMessage>().Add(new InboxMessage { Consumer = consumer, MessageId = messageId, ResultId = resultId, HandledAt = now });
}
